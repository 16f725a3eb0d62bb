/**
 * 政策: policy articles the county publishes (also pushed to its Official Account).
 * Articles come from the policy function once it exists (and open in a `packagePolicy`
 * subpackage page); until then the list is empty and the page says so.
 */
import { syncTabBar } from '../../utils/tab-bar';

/** One row of the article list (what the list shows, not the article body). */
interface ArticleSummary {
  id: string;
  title: string;
  /** Publish date as the reader sees it, e.g. 2025-03-01. */
  publishedOn: string;
}

Component({
  data: {
    articles: [] as ArticleSummary[],
    emptyText: '政策文章即将上线',
  },
  methods: {
    onShow() {
      syncTabBar(this);
    },
  },
});
