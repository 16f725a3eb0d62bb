/**
 * Reading text aloud (朗读) for 长辈模式, where the platform offers speech.
 *
 * WeChat has no text-to-speech API of its own for mini-programs. The honest option is the
 * official 微信同声传译 plugin (`WechatSI`, appid wx069ba97219f66d99): its `textToSpeech`
 * returns an audio file that `wx.createInnerAudioContext` plays. A plugin must be added to the
 * mini-program in the MP admin console and declared in app.json, so it is opt-in:
 * `npx tsx scripts/write-miniprogram-env.ts --speech on` declares it and sets `env.speech`.
 * Without it, {@link speechAvailable} is false and the 朗读 button is not shown at all (never a
 * button that does nothing).
 *
 * Long texts go in chunks of at most {@link CHUNK_CHARS} characters, cut at sentence ends
 * (the plugin limits the length of one request), played one after another.
 */
import { env } from '../config/env';

/** Characters per textToSpeech request (3 bytes each in UTF-8: under the plugin's limit). */
export const CHUNK_CHARS = 300;

interface WechatSI {
  textToSpeech(o: {
    lang: string;
    tts: boolean;
    content: string;
    success: (r: { filename: string }) => void;
    fail: (r: { retcode?: number; msg?: string }) => void;
  }): void;
}

declare const requirePlugin: ((name: string) => unknown) | undefined;

function plugin(): WechatSI | undefined {
  if (!env.speech || typeof requirePlugin !== 'function') return undefined;
  try {
    const p = requirePlugin('WechatSI') as WechatSI | undefined;
    return p && typeof p.textToSpeech === 'function' ? p : undefined;
  } catch {
    return undefined; // declared in env but not in app.json / not authorised: no speech
  }
}

/** True when 朗读 can work here (the speech plugin is configured and loads). */
export function speechAvailable(): boolean {
  return !!plugin();
}

/** Splits text into chunks of ≤ `max` characters, preferably at 。！？；… or line ends. */
export function speechChunks(text: string, max = CHUNK_CHARS): string[] {
  const sentences = String(text).replace(/\s*\n\s*/g, '\n').match(/[^。！？；!?;\n]+[。！？；!?;\n]*/g) ?? [];
  const chunks: string[] = [];
  let cur = '';
  for (const raw of sentences) {
    const s = raw.trim();
    if (!s) continue;
    for (let i = 0; i < s.length; i += max) {
      const part = s.slice(i, i + max);
      if ((cur + part).length > max) {
        if (cur) chunks.push(cur);
        cur = part;
      } else cur += part;
    }
  }
  if (cur) chunks.push(cur);
  return chunks;
}

/** A reading in progress. */
export interface Reading {
  stop(): void;
}

/**
 * Reads `text` aloud, chunk after chunk; `onEnd(finished)` is called once: true when all was
 * read, false when stopped or failed. Returns undefined when speech is not available.
 */
export function readAloud(text: string, onEnd: (finished: boolean) => void): Reading | undefined {
  const si = plugin();
  if (!si) return undefined;
  const chunks = speechChunks(text);
  const audio = wx.createInnerAudioContext({ useWebAudioImplement: false });
  let stopped = false;
  let ended = false;
  const end = (finished: boolean) => {
    if (ended) return;
    ended = true;
    audio.destroy();
    onEnd(finished);
  };
  const play = (i: number) => {
    if (stopped) return;
    if (i >= chunks.length) return end(true);
    si.textToSpeech({
      lang: 'zh_CN',
      tts: true,
      content: chunks[i],
      success: (r) => {
        if (stopped) return;
        audio.src = r.filename;
        audio.play();
        audio.offEnded();
        audio.onEnded(() => play(i + 1));
      },
      fail: () => end(false),
    });
  };
  audio.onError(() => end(false));
  // Play even when the phone is on silent: the person asked to hear it.
  if (typeof wx.setInnerAudioOption === 'function') wx.setInnerAudioOption({ obeyMuteSwitch: false });
  play(0);
  return {
    stop() {
      stopped = true;
      audio.stop();
      end(false);
    },
  };
}
