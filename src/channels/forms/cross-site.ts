/** The headers a browser sets on a form post that tell where the post comes from. */
export interface PostOrigin {
  readonly secFetchSite: string | undefined;
  readonly origin: string | undefined;
}

/**
 * Whether a browser says that a form post comes from a page of another site or origin, so that a
 * page elsewhere cannot post a token it fetched (the anti-forgery token alone does not stop that).
 *
 * `Sec-Fetch-Site` is decisive when present: browsers set it and no page can forge it, and it is
 * right where `Origin` is not: a page served with a strict Referrer-Policy posts with
 * `Origin: null` even to its own origin. `none` is a post the user started (not from a page).
 * Without it (older browsers) the `Origin` must be this server's public origin; `null` there is an
 * opaque origin (a sandboxed frame, a `data:` page), never our own page. No header at all is a
 * client that is not a browser (curl, a server), which CSRF cannot use; the token still guards it.
 */
export function postedFromAnotherSite(post: PostOrigin, publicOrigin: string | undefined): boolean {
  if (post.secFetchSite !== undefined)
    return post.secFetchSite !== 'same-origin' && post.secFetchSite !== 'none';
  if (post.origin === undefined) return false;
  if (post.origin === 'null' || publicOrigin === undefined) return true;
  try {
    return new URL(post.origin).origin !== publicOrigin;
  } catch {
    return true;
  }
}
