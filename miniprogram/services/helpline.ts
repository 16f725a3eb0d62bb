/**
 * The helpline calls the mini-program makes (求助, the agents' workbench, the supervisor view),
 * typed through `services/functions.ts` with the contracts in
 * `cloudfunctions/_shared/contracts/helpline.ts` (`import type` only). Presentation and form
 * rules are in `helpline-logic.ts`.
 */
import { callFunction, type Envelope } from './api';
import type { AgentRequestView, Department, MetricsResult, MyRequestView, Outcome, ThreadMessage } from '../../cloudfunctions/_shared/contracts/helpline';
import type { submitPayload } from './helpline-logic';

type NoInput = Record<string, never>;
type Submit = ReturnType<typeof submitPayload>;

/** A referral as the helpline and departments see it. */
export interface ReferralView {
  id: string;
  requestNo: string;
  departmentLabel: string;
  summary: string;
  categoryLabel: string;
  deadline: string;
  statusLabel: string;
  reply: string | null;
}

/** `getRequest`: what an agent sees of one request. */
export interface AgentRequestDetail {
  request: AgentRequestView;
  messages: (ThreadMessage & { kind: string })[];
  referrals: ReferralView[];
  history: { id: string; requestNo: string; categoryLabel: string; statusLabel: string; submittedAt: string }[];
}

declare module './functions' {
  interface Functions {
    helpline: {
      submitRequest: { input: Submit; output: { id: string; requestNo: string; priority: string; status: string; duplicate: boolean } };
      myRequests: { input: NoInput; output: { requests: MyRequestView[] } };
      getMyRequest: { input: { id: string }; output: MyRequestView };
      postMyMessage: { input: { id: string; text: string; messageId: string }; output: { id: string } };
      withdrawRequest: { input: { id: string }; output: { id: string; status: string } };
      rateRequest: { input: { id: string; score: number }; output: { id: string; score: number } };
      queue: { input: NoInput; output: { waiting: number; claimed: number; requests: AgentRequestView[] } };
      claimNext: { input: NoInput; output: { request: AgentRequestView | null } };
      claim: { input: { id: string }; output: { request: AgentRequestView } };
      heartbeat: { input: { id: string }; output: { leaseUntil: string } };
      release: { input: { id: string }; output: { id: string } };
      myClaims: { input: NoInput; output: { requests: AgentRequestView[] } };
      getRequest: { input: { id: string }; output: AgentRequestDetail };
      reply: { input: { id: string; text: string; messageId: string }; output: { id: string } };
      refer: {
        input: { id: string; department: Department; regionCode?: string; schoolId?: string; summary: string; reason: string; deadlineDays?: number };
        output: { referral: ReferralView };
      };
      closeRequest: { input: { id: string; outcome: Outcome; note?: string }; output: { request: AgentRequestView } };
      setDuty: { input: { onDuty: boolean }; output: { onDuty: boolean } };
      dutyBoard: { input: NoInput; output: { onDuty: { personId: string; name?: string; since?: string; holding: number }[] } };
      metrics: { input: { from: string; to: string; by?: 'day' | 'week' }; output: MetricsResult };
      exportMetrics: { input: { from: string; to: string; by?: 'day' | 'week' }; output: { fileName: string; mimeType: string; base64: string } };
    };
  }
}

export const helplineApi = {
  submit: (input: Submit) => callFunction('helpline', 'submitRequest', input),
  myRequests: () => callFunction('helpline', 'myRequests'),
  getMine: (id: string) => callFunction('helpline', 'getMyRequest', { id }),
  postMine: (id: string, text: string, messageId: string) => callFunction('helpline', 'postMyMessage', { id, text, messageId }),
  withdraw: (id: string) => callFunction('helpline', 'withdrawRequest', { id }),
  rate: (id: string, score: number) => callFunction('helpline', 'rateRequest', { id, score }),
  queue: () => callFunction('helpline', 'queue'),
  claimNext: () => callFunction('helpline', 'claimNext'),
  claim: (id: string) => callFunction('helpline', 'claim', { id }),
  myClaims: () => callFunction('helpline', 'myClaims'),
  getRequest: (id: string) => callFunction('helpline', 'getRequest', { id }),
  heartbeat: (id: string) => callFunction('helpline', 'heartbeat', { id }),
  reply: (id: string, text: string, messageId: string) => callFunction('helpline', 'reply', { id, text, messageId }),
  refer: (input: { id: string; department: Department; regionCode?: string; schoolId?: string; summary: string; reason: string; deadlineDays?: number }) =>
    callFunction('helpline', 'refer', input),
  close: (id: string, outcome: Outcome) => callFunction('helpline', 'closeRequest', { id, outcome }),
  release: (id: string) => callFunction('helpline', 'release', { id }),
  setDuty: (onDuty: boolean) => callFunction('helpline', 'setDuty', { onDuty }),
  dutyBoard: () => callFunction('helpline', 'dutyBoard'),
  metrics: (from: string, to: string, by: 'day' | 'week' = 'day'): Promise<Envelope<MetricsResult>> => callFunction('helpline', 'metrics', { from, to, by }),
  exportMetrics: (from: string, to: string, by: 'day' | 'week' = 'day') => callFunction('helpline', 'exportMetrics', { from, to, by }),
};

/**
 * Saves an exported workbook to the mini-program's user folder and opens it (the system viewer
 * offers sharing and saving).
 * @returns an error message in Chinese, or undefined when it opened
 */
export function openWorkbook(fileName: string, base64: string): Promise<string | undefined> {
  const filePath = `${wx.env.USER_DATA_PATH}/${fileName}`;
  return new Promise((resolve) => {
    wx.getFileSystemManager().writeFile({
      filePath,
      data: base64,
      encoding: 'base64',
      success: () => wx.openDocument({ filePath, fileType: 'xlsx', showMenu: true, success: () => resolve(undefined), fail: () => resolve('无法打开文件，请稍后重试') }),
      fail: () => resolve('保存文件失败，请检查手机存储空间'),
    });
  });
}
