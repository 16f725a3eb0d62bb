/**
 * Opening a file a function returned (base64) on the phone: saved to the mini-program's user
 * folder, then opened in the system viewer, which offers sharing and saving. One place for every
 * export (the county summary, an import's error report, the helpline metrics).
 */

/**
 * Saves an exported workbook to the mini-program's user folder and opens it.
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
