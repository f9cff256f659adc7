/** `@name` or `@name@example.com` handles in a comment body, lower-cased and unique. */
export function findMentionHandles(body: string): string[] {
  const handles = new Set<string>();
  for (const match of body.matchAll(/(?:^|[\s(])@([a-z0-9._+-]+(?:@[a-z0-9-]+(?:\.[a-z0-9-]+)+)?)/gi)) {
    handles.add(match[1]!.toLowerCase().replace(/\.+$/, ''));
  }
  return [...handles];
}
