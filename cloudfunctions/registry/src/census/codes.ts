import type { CensusReasonCode, CensusSheetCode, CensusWarningCode } from '../../../_shared/contracts/census';
import { FIELD_ERRORS, FIELD_WARNINGS } from '../../../_shared/contracts/fields';

/**
 * Stable codes of the census import and the Chinese message a user sees for each. Programs
 * compare codes; people read messages. Row codes follow shared/fixtures/census/README.md;
 * VILLAGE_UNMATCHED, GUARDIAN_*, VALUE_UNRECOGNISED, GUARDIANSHIP_CONFLICT and the sheet codes
 * are this importer's additions (docs/census-import.md); ID_BIRTH_INVALID, NAME_INVALID,
 * ID_REGION_HISTORIC and RELATIVE_NAME_INVALID come from the one definition of each value
 * (_shared/contracts/fields.ts), whose messages they share.
 */
export const CENSUS_REASON_MESSAGES: Record<CensusReasonCode, string> = {
  REQUIRED_MISSING: '必填项缺失（儿童姓名或身份证号）',
  ID_FORMAT: '身份证号格式错误（应为18位；若以数字格式录入被 Excel 截断，请改为文本格式重新填写）',
  ID_CHECKSUM: FIELD_ERRORS.ID_CHECKSUM,
  ID_BIRTH_INVALID: FIELD_ERRORS.ID_BIRTH_INVALID,
  NAME_INVALID: FIELD_ERRORS.NAME_INVALID,
  ID_BIRTH_MISMATCH: '出生日期与身份证号不一致',
  GENDER_MISMATCH: '性别与身份证号不一致',
  DATE_INVALID: '日期无法识别或不存在',
  AGE_OUT_OF_RANGE: '截至摸底排查基准日已满16周岁（或尚未出生），不属于农村留守儿童',
  NOT_LEFT_BEHIND: '既非父母双方外出，也非一方外出另一方无监护能力，不属于农村留守儿童',
  DUPLICATE_ID: '身份证号重复：该儿童已在本次导入中出现或已在其他村登记',
  VILLAGE_UNMATCHED: '无法确定该行所属的村（社区），未导入',
};

export const CENSUS_WARNING_MESSAGES: Record<CensusWarningCode, string> = {
  PHONE_INVALID: '电话号码无效，未保存',
  GUARDIAN_ID_INVALID: '父母或受委托监护人的身份证号无效，未保存',
  ID_REGION_HISTORIC: FIELD_WARNINGS.ID_REGION_HISTORIC,
  RELATIVE_NAME_INVALID: '父母、祖辈或受委托监护人的姓名含数字或符号，未保存',
  GUARDIAN_DATE_INVALID: '父母或祖辈的出生日期无法识别，未保存',
  VALUE_UNRECOGNISED: '取值无法识别，未保存',
  GUARDIANSHIP_CONFLICT: '“父母双方外出”与“一方外出另一方无监护能力”同时勾选',
};

export const CENSUS_SHEET_MESSAGES: Record<CensusSheetCode, string> = {
  FILE_FORMAT_UNSUPPORTED: '文件格式不支持，请上传 .xlsx 或 .csv 文件（.xls 请先另存为 .xlsx）',
  FILE_UNREADABLE: '文件无法读取，可能已损坏',
  FILE_COUNTY_UNMATCHED: '文件名中的县级行政区划代码与本县不符',
  FILE_TOWN_UNMATCHED: '无法从文件名确定乡镇，文件名应为“县代码-乡镇名-….xlsx”',
  SHEET_EMPTY: '工作表为空，已跳过',
  HEADER_NOT_FOUND: '未找到表头（应包含“姓名”“公民身份号码”等列）',
  HEADER_COLUMN_MISSING: '表头缺少必需的列',
  HEADER_DUPLICATE_COLUMN: '表头中有重复的列，仅使用第一列',
  HEADER_UNRESOLVED: '表头无法识别，整个文件未导入',
  HEADER_COLUMNS_IGNORED: '以下列未导入',
  SHEET_VILLAGE_UNMATCHED: '工作表名称与本乡镇的村（社区）不匹配，该表未导入',
  SHEET_VILLAGE_AMBIGUOUS: '工作表名称可对应多个村（社区），该表未导入',
  SHEET_TITLE_MISMATCH: '工作表名称与标题行所写的村（社区）或乡镇不一致，该表未导入',
};

/** The Chinese message of any census code (row, warning or sheet). */
export function censusMessage(code: CensusReasonCode | CensusWarningCode | CensusSheetCode): string {
  return (
    (CENSUS_REASON_MESSAGES as Record<string, string>)[code] ??
    (CENSUS_WARNING_MESSAGES as Record<string, string>)[code] ??
    (CENSUS_SHEET_MESSAGES as Record<string, string>)[code]
  );
}
