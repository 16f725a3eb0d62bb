/**
 * 谁查看过这份档案 (`accounts.whoViewedChild`): for the child's parents and guardians and for
 * officers — who (name as the caller may see it, and role), what (查看 / 修改 / 查看完整号码 / 同意书 …),
 * when; a break-glass access is marked and carries its reason. Newest first, the last 100.
 * Query: `childId`, `name`.
 */
import { whoViewedChild } from '../../../services/data-rights';
import { viewerRows, type EntryRow } from '../../services/data-rights-logic';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    childId: '',
    name: '',
    loading: true,
    errorMessage: '',
    rows: [] as EntryRow[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ childId: decodeURIComponent(query.childId ?? ''), name: decodeURIComponent(query.name ?? '') });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await whoViewedChild(this.data.childId);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      this.setData({ loading: false, rows: viewerRows(res.data.entries) });
    },
  },
});
