/**
 * Who may talk to the server and what every response says about itself: loopback binding by
 * default, a token whenever the server listens elsewhere (Bearer header, or `?token=` once on a
 * page load, which sets an HttpOnly SameSite=Strict cookie), a Host check against DNS rebinding,
 * and the security headers (CSP without inline scripts or styles, no framing, no sniffing).
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isIP } from "node:net";
import { ArgmapError } from "../model/index.js";

export const TOKEN_COOKIE = "argmap_token";

/** The Content-Security-Policy of every response: own scripts, styles and data only. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** True for host names and addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h === "::1") return true;
  return isIP(h) === 4 && h.startsWith("127.");
}

/**
 * The token a server on `host` needs: the given one; a new random one when the host is not
 * loopback and none was given (`generated`, so the caller prints it); none on loopback without
 * one. A token shorter than 16 characters is refused.
 *
 * @example resolveAccess("0.0.0.0").generated // true
 */
export function resolveAccess(host: string, token?: string): { token?: string; generated: boolean } {
  if (token !== undefined) {
    if (token.length < 16 || /\s/.test(token))
      throw new ArgmapError(
        "USAGE",
        "--token must be at least 16 characters without spaces (leave it out to get a random one).",
        { input: "--token" },
      );
    return { token, generated: false };
  }
  if (isLoopbackHost(host)) return { generated: false };
  return { token: randomBytes(24).toString("base64url"), generated: true };
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The token the request carries: `Authorization: Bearer …` or the cookie. */
export function presentedToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  const m = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
  if (m) return m[1];
  return cookieValue(req, TOKEN_COOKIE);
}

export function hasValidToken(req: IncomingMessage, token: string): boolean {
  const given = presentedToken(req);
  return given !== undefined && sameSecret(given, token);
}

/** The `?token=` of a URL matches: set the cookie and send the browser to the URL without it. */
export function acceptTokenLink(url: URL, token: string, res: ServerResponse): boolean {
  const given = url.searchParams.get("token");
  if (given === null || !sameSecret(given, token)) return false;
  url.searchParams.delete("token");
  res.statusCode = 303;
  res.setHeader(
    "Set-Cookie",
    `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
  );
  // Same-origin path only: a leading `//` or `/\\` would send the browser to another host.
  res.setHeader("Location", `/${url.pathname.replace(/^[/\\]+/, "")}${url.search}`);
  res.end();
  return true;
}

/**
 * Without a token, only requests addressed to a loopback name are served: a web page that
 * rebinds its own domain to 127.0.0.1 sends its own Host header and is refused.
 */
export function hostAllowed(req: IncomingMessage): boolean {
  const host = req.headers.host;
  if (host === undefined) return false;
  const m = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(host);
  return m !== null && isLoopbackHost(m[1]!);
}

/** Headers every response carries. */
export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
}
