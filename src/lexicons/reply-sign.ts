import { normalizeText, phraseSets } from "./index.js";

/** Sign a reply carries towards its parent from the phrases it opens with (0 when none). */
export function replySignFromText(text: string): -1 | 0 | 1 {
  const head = normalizeText(text.slice(0, 400));
  const dis =
    phraseSets.disagreeStartStrong.findAtStart(head) ?? phraseSets.disagreeStartWeak.findAtStart(head);
  if (dis) return -1;
  const firstSentence = head.split(/(?<=[.!?])\s/)[0] ?? head;
  if (phraseSets.concede.findAtStart(head) && phraseSets.contrastAnywhere.has(head.slice(0, 200))) return -1;
  if (phraseSets.disagreeAnyStrong.has(firstSentence)) return -1;
  const agree =
    phraseSets.agreeStartStrong.findAtStart(head) ?? phraseSets.agreeAnyStrong.find(firstSentence)[0];
  if (agree) return 1;
  return 0;
}
