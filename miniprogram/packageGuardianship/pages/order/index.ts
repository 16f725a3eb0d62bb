/** 监护责令: an order's deadline, contacts and result. Query: `id`. */
import { getOrder, type OrderView } from '../../../services/guardianship';

Component({
  data: { loading: true, errorMessage: '', order: null as OrderView | null },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const res = await getOrder(query.id ?? '');
      this.setData(res.ok ? { loading: false, order: res.data } : { loading: false, errorMessage: res.error.message });
    },
  },
});
