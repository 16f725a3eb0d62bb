/**
 * 求助: where a child, parent or neighbour asks for help.
 * Emergencies go to 110 at once; everything else to the youth helpline 12355 (its four kinds of
 * requests, from the GLOSSARY). Online requests (anonymous if the asker likes) arrive with the
 * helpline function.
 */
import { syncTabBar } from '../../utils/tab-bar';

interface HelplineTopic {
  key: string;
  title: string;
  description: string;
}

const TOPICS: HelplineTopic[] = [
  { key: 'psychological', title: '心理健康', description: '情绪低落、压力大、想找人聊聊' },
  { key: 'legal', title: '法律咨询', description: '权益受到侵害、遭遇欺凌' },
  { key: 'familyEducation', title: '家庭教育', description: '亲子沟通、家庭矛盾' },
  { key: 'employment', title: '就业创业', description: '升学、就业与创业' },
];

Component({
  data: {
    topics: TOPICS,
    helpline: '12355',
    emergency: '110',
  },
  methods: {
    onShow() {
      syncTabBar(this);
    },
    onCall(e: WechatMiniprogram.BaseEvent<Record<string, never>, { number: string }>) {
      const phoneNumber = e.currentTarget.dataset.number;
      if (phoneNumber) wx.makePhoneCall({ phoneNumber, fail: () => undefined });
    },
  },
});
