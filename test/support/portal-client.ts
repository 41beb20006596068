// A browser without JavaScript, over fetch: keeps cookies, sends forms as application/x-www-form-urlencoded with the
// page's Origin, follows POST-redirect-GET, and reads the portal's pages (form token, errors next to fields).

export interface PortalPage {
  status: number;
  /** The path (and query) of the page finally shown. */
  url: string;
  html: string;
  headers: Headers;
  /** Each redirect followed, as status and Location. */
  redirects: Array<{ status: number; location: string }>;
}

export type FormFields = Record<string, string | string[] | undefined>;

export class PortalClient {
  readonly cookies = new Map<string, { value: string; attributes: string }>();

  constructor(readonly baseUrl: string) {}

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = decodeURIComponent(pair.slice(eq + 1).trim());
      const attrs = attributes.join(';');
      const expired = /max-age=0/i.test(attrs) || /expires=Thu, 01 Jan 1970/i.test(attrs);
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, { value, attributes: attrs });
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, c]) => `${name}=${encodeURIComponent(c.value)}`).join('; ');
  }

  private async request(
    method: string,
    path: string,
    body?: URLSearchParams,
    headers: Record<string, string> = {},
  ): Promise<PortalPage> {
    const redirects: PortalPage['redirects'] = [];
    let url = path;
    let init: RequestInit = {
      method,
      body,
      redirect: 'manual',
      headers: {
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
        ...headers,
      },
    };
    for (;;) {
      const response = await fetch(`${this.baseUrl}${url}`, init);
      this.remember(response);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        redirects.push({ status: response.status, location });
        url = location.startsWith(this.baseUrl) ? location.slice(this.baseUrl.length) : location;
        init = { method: 'GET', redirect: 'manual', headers: this.cookies.size ? { cookie: this.cookieHeader() } : {} };
        continue;
      }
      return { status: response.status, url, html: await response.text(), headers: response.headers, redirects };
    }
  }

  get(path: string): Promise<PortalPage> {
    return this.request('GET', path);
  }

  /**
   * Sends a form as a browser does: with the Origin of the site and the form token of `from` (the page holding the
   * form) unless the fields carry their own `_csrf`. `headers` may replace or remove (undefined) the Origin.
   */
  post(
    path: string,
    fields: FormFields,
    from?: PortalPage,
    headers: Record<string, string> = { origin: this.baseUrl },
  ): Promise<PortalPage> {
    const body = new URLSearchParams();
    const all: FormFields = { ...(from ? { _csrf: formToken(from) } : {}), ...fields };
    for (const [name, value] of Object.entries(all)) {
      for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) body.append(name, v);
    }
    return this.request('POST', path, body, headers);
  }
}

/** The value of the form token on a page. */
export function formToken(page: PortalPage): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page.html);
  if (!match) throw new Error(`no form token on ${page.url} (status ${page.status})`);
  return match[1]!;
}

/** The text of the error shown next to the field (or group) with this id, or undefined. */
export function fieldError(page: PortalPage, id: string): string | undefined {
  const match = new RegExp(`<p class="error-message" id="${id}-error">([^<]*)</p>`).exec(page.html);
  return match ? decodeEntities(match[1]!) : undefined;
}

/** The attributes of the element with this id (input, select, textarea, fieldset). */
export function elementTag(page: PortalPage, id: string): string {
  const match = new RegExp(`<(input|select|textarea|fieldset)\\b[^>]*\\bid="${id}"[^>]*>`).exec(page.html);
  if (!match) throw new Error(`no element #${id} on ${page.url}`);
  return match[0];
}

/** The visible label of the field with this id. */
export function labelOf(page: PortalPage, id: string): string | undefined {
  const match = new RegExp(`<label for="${id}">([\\s\\S]*?)</label>`).exec(page.html);
  return match ? decodeEntities(match[1]!.replace(/<[^>]+>/g, '')).trim() : undefined;
}

/** The page's text without tags, with spaces collapsed. */
export function textOf(page: PortalPage): string {
  return decodeEntities(page.html.replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]+>/g, ' ')).replace(
    /\s+/g,
    ' ',
  );
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The value of the hidden or text input with this name. */
export function inputValue(page: PortalPage, name: string): string | undefined {
  const match = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(page.html);
  return match ? decodeEntities(match[1]!) : undefined;
}
