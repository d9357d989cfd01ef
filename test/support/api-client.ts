/** A small client of the HTTP API for tests and the benchmark: real HTTP through undici. */
import { Pool } from "undici";

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly contentType: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: T;
}

export class ApiClient {
  readonly #pool: Pool;

  constructor(baseUrl: string, connections = 16) {
    this.#pool = new Pool(baseUrl, { connections, pipelining: 1 });
  }

  async request<T = Record<string, unknown>>(
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    path: string,
    token: string,
    body?: unknown,
  ): Promise<ApiResponse<T>> {
    const response = await this.#pool.request({
      method,
      path,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.body.text();
    const contentType = String(response.headers["content-type"] ?? "");
    return {
      status: response.statusCode,
      contentType,
      headers: response.headers,
      body: (text && contentType.includes("json") ? JSON.parse(text) : text) as T,
    };
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}
