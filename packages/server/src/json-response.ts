/**
 * The merchant API's JSON answers, and what lets the Node adapter write them (and read a request
 * body it already holds) without the Web objects in between: building a `Response` (undici's
 * state, its headers list, a body stream) for every answer cost more CPU than the database work
 * behind it, and so did the weak maps that once carried the text beside it.
 */

/** A message that holds its body as bytes or text answers it here: undefined once its stream was read. */
export const KNOWN_BODY = Symbol('relais.knownBody');
/** A JSON answer answers here its header fields as made (lower-case names), undefined once `headers` was read. */
export const UNTOUCHED_FIELDS = Symbol('relais.untouchedFields');

export interface KnowsBody {
  /** `take`: the caller consumes the bytes (a later read goes through the stream). */
  [KNOWN_BODY](take: boolean): string | Buffer | undefined;
}

type JsonResponseClass = new (text: string, status: number, fields: Record<string, string>) => Response;
let JsonResponse: JsonResponseClass | undefined;

/** An answer with `text` as its body and `fields` as its headers, built as a `Response` only if read as one. */
export function jsonResponse(text: string, status: number, fields: Record<string, string>): Response {
  // Defined on first use: naming `Response` loads Node's fetch implementation, which start-up need not wait for.
  JsonResponse ??= defineJsonResponse();
  return new JsonResponse(text, status, fields);
}

function defineJsonResponse(): JsonResponseClass {
  /**
   * An instance of `Response` for every check (`instanceof`, a wrapping handler, a test reading
   * it) whose constructor never runs: each accessor and method of `Response.prototype` is
   * answered here, from a real `Response` built the first time something reads more than the
   * status. The adapter writes the text and the fields as they are.
   */
  class Json implements KnowsBody {
    readonly status: number;
    readonly #text: string;
    readonly #fields: Record<string, string>;
    #headers: Headers | undefined;
    #full: Response | undefined;

    constructor(text: string, status: number, fields: Record<string, string>) {
      // What `new Response` refuses, refused here too: a mistake shows where it was made.
      if (!Number.isInteger(status) || status < 200 || status > 599) throw new RangeError(`invalid status ${status}`);
      this.status = status;
      this.#text = text;
      this.#fields = fields;
    }

    get ok(): boolean { return this.status >= 200 && this.status <= 299; }
    get statusText(): string { return ''; }
    get type(): ResponseType { return 'default'; }
    get url(): string { return ''; }
    get redirected(): boolean { return false; }

    get headers(): Headers {
      this.#headers ??= new Headers(this.#fields);
      return this.#headers;
    }

    #response(): Response {
      this.#full ??= new Response(this.#text, { status: this.status, headers: this.headers });
      return this.#full;
    }

    get body(): Response['body'] { return this.#response().body; }
    get bodyUsed(): boolean { return this.#full?.bodyUsed ?? false; }
    text(): Promise<string> { return this.#response().text(); }
    json(): Promise<unknown> { return this.#response().json(); }
    arrayBuffer(): Promise<ArrayBuffer> { return this.#response().arrayBuffer(); }
    blob(): Promise<Blob> { return this.#response().blob(); }
    formData(): Promise<FormData> { return this.#response().formData(); }
    bytes(): Promise<Uint8Array> { return (this.#response() as Response & { bytes(): Promise<Uint8Array> }).bytes(); }
    clone(): Response { return this.#response().clone(); }

    [KNOWN_BODY](): string | undefined {
      return this.bodyUsed ? undefined : this.#text;
    }

    /** While nobody could have changed them through `headers`. */
    [UNTOUCHED_FIELDS](): Record<string, string> | undefined {
      return this.#headers ? undefined : this.#fields;
    }
  }
  Object.setPrototypeOf(Json.prototype, Response.prototype);
  return Json as unknown as JsonResponseClass;
}
