export function label(name: string, greeting: string): string {
  return `${greeting}, ${name}`;
}
