// A minimal subset of the Workers runtime types, enough for tsc to check the advisor's skeletons where
// @cloudflare/workers-types is not installed. Written for this project; it does not claim to be complete.
declare module "cloudflare:workers" {
  export abstract class DurableObject<Env = unknown> {
    protected ctx: DurableObjectState;
    protected env: Env;
    constructor(ctx: DurableObjectState, env: Env);
  }
}
interface SqlStorageCursor<T> extends Iterable<T> { toArray(): T[]; one(): T; rowsRead: number; rowsWritten: number; }
interface SqlStorage { exec<T = Record<string, unknown>>(query: string, ...bindings: unknown[]): SqlStorageCursor<T>; databaseSize: number; }
interface DurableObjectStorage {
  sql: SqlStorage;
  transactionSync<T>(cb: () => T): T;
  getAlarm(): Promise<number | null>;
  setAlarm(at: number | Date): Promise<void>;
  deleteAll(): Promise<void>;
}
interface DurableObjectState {
  storage: DurableObjectStorage;
  blockConcurrencyWhile<T>(cb: () => Promise<T>): Promise<T>;
  acceptWebSocket(ws: WebSocket, tags?: string[]): void;
  getWebSockets(tag?: string): WebSocket[];
}
interface WebSocket { send(m: string | ArrayBuffer): void; close(code?: number, reason?: string): void; serializeAttachment(v: unknown): void; deserializeAttachment(): unknown; }
declare class WebSocketPair { 0: WebSocket; 1: WebSocket; }
type Stub<T> = { [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => R : never } & { fetch(r: Request): Promise<Response> };
interface DurableObjectNamespace<T> { getByName(name: string): Stub<T>; jurisdiction(j: string): DurableObjectNamespace<T>; }
interface ExportedHandler<E> { fetch?(request: Request, env: E): Promise<Response>; }
interface ResponseInit { status?: number; headers?: Record<string, string>; webSocket?: WebSocket; }
declare class Response { constructor(body?: string | null, init?: ResponseInit); static json(v: unknown, init?: ResponseInit): Response; ok: boolean; status: number; }
interface Request { url: string; method: string; headers: { get(n: string): string | null }; text(): Promise<string>; json<T>(): Promise<T>; }
declare function fetch(url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Response>;
declare const crypto: { randomUUID(): string };
declare const console: { log(...a: unknown[]): void };
declare class URL { constructor(u: string); searchParams: { get(n: string): string | null }; }
declare class TextDecoder { decode(b: ArrayBuffer): string; }
