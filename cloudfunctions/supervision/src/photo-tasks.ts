/** What a supervision photo slot is handed out for (_shared/upload-slots.ts): one spot-check item, or one follow-up. */
export const photoTask = {
  item: (itemId: string): string => `spotCheckItem:${itemId}`,
  followUp: (followUpId: string): string => `followUp:${followUpId}`,
};
