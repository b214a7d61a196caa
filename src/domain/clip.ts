/** Text cut to at most `max` characters, ending in an ellipsis when it was longer (fields with a size limit). */
export const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
