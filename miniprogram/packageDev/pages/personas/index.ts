/**
 * Persona picker (local mode only; this subpackage is listed in app.json only in local mode).
 * Lists the dev gateway's demo personas; the chosen one is stored and every later call acts as
 * it (`X-Dev-Openid`).
 */
import { apiMode } from '../../../services/api';
import {
  clearDevPersona,
  getDevPersona,
  listDevPersonas,
  setDevPersona,
  type DevPersona,
} from '../../../services/dev-persona';
import { uiMode } from '../../../behaviors/ui-mode';

interface PersonaRow {
  key: string;
  name: string;
  summary: string;
  selected: boolean;
}

function rows(personas: DevPersona[], currentOpenid: string): PersonaRow[] {
  return personas.map((p) => ({
    key: p.key,
    name: p.name,
    summary: [p.description, p.roles.length > 0 ? `角色：${p.roles.join('、')}` : ''].filter(Boolean).join(' · '),
    selected: p.openid === currentOpenid,
  }));
}

let personas: DevPersona[] = [];

Component({
  behaviors: [uiMode],
  data: {
    available: true,
    loading: true,
    errorMessage: '',
    currentName: '',
    rows: [] as PersonaRow[],
  },
  methods: {
    onLoad() {
      if (apiMode() !== 'local') {
        this.setData({ available: false, loading: false });
        return;
      }
      this.load();
    },
    async load() {
      const current = getDevPersona();
      this.setData({ loading: true, errorMessage: '', currentName: current ? current.name : '' });
      const res = await listDevPersonas();
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: res.error.message });
        return;
      }
      personas = res.data;
      this.setData({ loading: false, rows: rows(personas, current ? current.openid : '') });
    },
    onRetry() {
      this.load();
    },
    onPick(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key: string }>) {
      const persona = personas.find((p) => p.key === e.currentTarget.dataset.key);
      if (!persona) return;
      setDevPersona(persona);
      this.setData({ currentName: persona.name, rows: rows(personas, persona.openid) });
      wx.showToast({ title: `已切换为${persona.name}`, icon: 'none' });
      if (getCurrentPages().length > 1) wx.navigateBack({ delta: 1 });
    },
    onClear() {
      clearDevPersona();
      this.setData({ currentName: '', rows: rows(personas, '') });
      wx.showToast({ title: '已清除开发身份', icon: 'none' });
    },
  },
});
