/**
 * `messages`: the messages and titles of error bodies in the client's language, chosen by
 * `Accept-Language` (RFC 4647 §3.4 lookup) from a table per language and code.
 *
 * @since 0.2.0
 */
import type { View } from '../format/Format.js'
import {
  MAX_LANGUAGE_LENGTH,
  isLanguageTag,
  lookupLanguage,
  parentOf,
} from '../internal/language.js'
import { isRecord } from '../internal/read.js'
import { translators, type Translator } from './Policy.js'
import { cap } from './View.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A text of a message table: a string, or a function of what the client may see of the
 * error (`View`: its status, code, and — when exposed — its message, details and issues;
 * a masked 5xx shows only its status, code and standard text). A function that throws or
 * answers anything but a non-empty string keeps the error's own text.
 *
 * @category model
 * @since 0.2.0
 */
export type MessageText = string | ((view: View) => string)

/**
 * The texts of one code in one language: its message, and its title (problem+json's
 * `title`, the status' reason phrase by default). A text left out keeps the error's own.
 *
 * @category model
 * @since 0.2.0
 */
export interface MessageEntry {
  readonly message?: MessageText | undefined
  readonly title?: MessageText | undefined
}

/**
 * What `messages` takes: per language tag (`de`, `de-CH`, `fr`), per code as the client
 * sees it (after the policy's renames), a message (a string or a function of the view) or
 * `{ message?, title? }`. The code `*` holds what a language says of the codes it does not
 * list.
 *
 * @category model
 * @since 0.2.0
 */
export type MessageTable = Readonly<
  Record<string, Readonly<Record<string, MessageText | MessageEntry>>>
>

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

interface Entry {
  readonly message: MessageText | undefined
  readonly title: MessageText | undefined
}

// One language, compiled: its tag as the table writes it, its codes and its `*` entry,
// each text already merged with what its parent languages say.
interface Bundle {
  readonly tag: string
  readonly codes: ReadonlyMap<string, Entry>
  readonly star: Entry | undefined
}

// What a language says itself, read once from the table.
interface Own {
  readonly tag: string
  readonly codes: Map<string, Entry>
}

const field = (o: object, key: string): unknown => {
  try {
    return (o as Readonly<Record<string, unknown>>)[key]
  } catch {
    return undefined
  }
}

// Stryker disable ArrayDeclaration: a key made up for a value that has none is read as a
// field it does not have: no entry, as with no key.
const keysOf = (u: unknown): ReadonlyArray<string> => {
  try {
    return typeof u === 'object' && u !== null ? Object.keys(u) : []
  } catch {
    return []
  }
}
// Stryker restore ArrayDeclaration

const textOf = (u: unknown): MessageText | undefined =>
  (typeof u === 'string' && u.length > 0) || typeof u === 'function'
    ? (u as MessageText)
    : undefined

// One value of the table, read once: a text, or `{ message?, title? }`.
const entryOf = (u: unknown): Entry | undefined => {
  const text = textOf(u)
  if (text !== undefined) return { message: text, title: undefined }
  if (typeof u !== 'object' || u === null) return undefined
  const message = textOf(field(u, 'message'))
  const title = textOf(field(u, 'title'))
  return message === undefined && title === undefined ? undefined : { message, title }
}

// Field by field, what `specific` says, else what `general` says.
const over = (specific: Entry | undefined, general: Entry | undefined): Entry | undefined =>
  specific === undefined
    ? general
    : general === undefined
      ? specific
      : {
          message: specific.message ?? general.message,
          title: specific.title ?? general.title,
        }

// The table read once: each language (tags validated, the first spelling of a tag in any
// case winning), each code's value read once (a getter that throws drops it).
const snapshot = (table: unknown): ReadonlyMap<string, Own> => {
  const own = new Map<string, Own>()
  if (typeof table !== 'object' || table === null) return own
  for (const tag of keysOf(table)) {
    if (!isLanguageTag(tag)) continue
    const key = tag.toLowerCase()
    if (own.has(key)) continue
    const codes = new Map<string, Entry>()
    const language = field(table, tag)
    for (const code of keysOf(language)) {
      const e = entryOf(field(language as object, code))
      if (e !== undefined) codes.set(code, e)
    }
    own.set(key, { tag, codes })
  }
  return own
}

// Each language with what its parents in the table say beneath it (`de-CH` over `de`).
const compile = (own: ReadonlyMap<string, Own>): ReadonlyMap<string, Bundle> => {
  const bundles = new Map<string, Bundle>()
  for (const [key, language] of own) {
    // From the most general ancestor in the table to the language itself.
    const chain: Array<Own> = [language]
    for (let p = parentOf(key); p !== undefined; p = parentOf(p)) {
      const parent = own.get(p)
      if (parent !== undefined) chain.unshift(parent)
    }
    const codes = new Map<string, Entry>()
    let star: Entry | undefined
    for (const level of chain)
      for (const [code, e] of level.codes)
        if (code === '*') star = over(e, star)
        else codes.set(code, over(e, codes.get(code)) as Entry)
    bundles.set(key, { tag: language.tag, codes, star })
  }
  return bundles
}

// A text for a view: a string as is, a function's answer when it is a non-empty string.
const apply = (t: MessageText | undefined, view: View): string | undefined => {
  if (typeof t !== 'function') return t
  try {
    const s: unknown = t(view)
    return typeof s === 'string' && s.length > 0 ? s : undefined
  } catch {
    return undefined
  }
}

// Browsers send a handful of distinct headers: their answers are kept, at most this many
// (the cache starts over when full).
const maxCached = 64

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A translator for `policy({ messages })`: error messages and titles in the language
 * `Accept-Language` chooses among the table's.
 *
 * The language: RFC 4647 §3.4 lookup, ranges by descending `q` (ties in the header's
 * order), each truncated from the end until it names a language of the table, in any case
 * (`de-CH-1996` → `de-CH` → `de`); `*` is ignored, a language whose most specific range has
 * `q=0` is never chosen. The header is read like `Accept`: at most 4,096 characters and 32
 * ranges, invalid ranges ignored. No language matches, or the language has no text for
 * any error of the response: nothing is translated and no `Content-Language` is sent (the
 * errors' own messages are the default language). Either way `Vary` names
 * `Accept-Language`.
 *
 * The texts of a code in a language: what the language says of the code, else what its
 * parent languages in the table say (`de-CH` falls back to `de`, field by field), else
 * its `*` entry (and its parents'), else the error's own — for a masked 5xx, the standard
 * English text. A function sees only what the client may see, as a frozen copy of the
 * view: a masked 5xx's internal message is never in it, so never in a translation (what an
 * exposed error's `details` and `issues` hold is the error's own: do not change them). A function that throws or
 * answers anything but a non-empty string keeps the error's own text; texts are capped
 * like messages.
 *
 * The table is read once, here: later changes to it do not matter, an entry whose getter
 * throws is left out, a tag that is not one (letters, digits and hyphens, subtags of at
 * most 8, at most 35 characters) is ignored.
 *
 * @example
 * import { messages, policy, toResponse, notFound, internal } from 'errmap'
 * const p = policy({
 *   messages: messages({
 *     de: {
 *       NOT_FOUND: { message: 'Nicht gefunden.', title: 'Nicht gefunden' },
 *       INTERNAL_SERVER_ERROR: 'Interner Fehler.',
 *     },
 *     'de-CH': { NOT_FOUND: 'Nöd gfunde.' },
 *   }),
 * })
 * const r = toResponse(notFound('No user 42.'), { accept: 'application/problem+json', acceptLanguage: 'de-CH, en;q=0.5' }, p)
 * assert.strictEqual(r.headers['content-language'], 'de-CH')
 * assert.strictEqual(r.headers['vary'], 'Accept, Accept-Language')
 * assert.deepStrictEqual(JSON.parse(r.body), {
 *   type: 'about:blank', title: 'Nicht gefunden', status: 404, detail: 'Nöd gfunde.', code: 'NOT_FOUND',
 * })
 * const masked = toResponse(internal('password=hunter2'), { acceptLanguage: 'de-AT' }, p)
 * assert.deepStrictEqual(JSON.parse(masked.body), { message: 'Interner Fehler.', code: 'INTERNAL_SERVER_ERROR' })
 *
 * @category constructors
 * @since 0.2.0
 */
export const messages = (table: MessageTable): Translator => {
  const bundles = compile(snapshot(table))
  const tags = new Map<string, string>()
  for (const [key, b] of bundles) tags.set(key, b.tag)
  const languages = Object.freeze([...tags.values()])
  const chosen = new Map<string, string>()
  const lookup = (acceptLanguage: string): string | undefined => {
    if (typeof acceptLanguage !== 'string') return undefined
    if (tags.size === 0) return undefined
    // Nothing past the bound is read (one more tells lookupLanguage the header was cut): a
    // longer key would only keep a hostile header alive. A shorter header is its own key.
    // Stryker disable next-line MethodExpression: the whole header as the key answers the same; only memory is at stake
    const key = acceptLanguage.slice(0, MAX_LANGUAGE_LENGTH + 1)
    let l = chosen.get(key)
    if (l === undefined) {
      l = lookupLanguage(acceptLanguage, tags) ?? ''
      // Stryker disable next-line ConditionalExpression,EqualityOperator: the cache's bound (memory only)
      if (chosen.size >= maxCached) chosen.clear()
      chosen.set(key, l)
    }
    return l === '' ? undefined : l
  }
  const translate = (
    view: View,
    language: string,
  ): { readonly message?: string | undefined; readonly title?: string | undefined } | undefined => {
    if (typeof language !== 'string') return undefined
    // Longer than any tag a table holds (35): never lower-cased, never looked up.
    if (language.length > 35) return undefined
    const b = bundles.get(language.toLowerCase())
    if (b === undefined) return undefined
    try {
      // A caller's own view may be anything, a revoked Proxy included.
      if (!isRecord(view)) return undefined
      const code: unknown = view.code
      const e = typeof code === 'string' ? b.codes.get(code) : undefined
      const message = e?.message ?? b.star?.message
      const title = e?.title ?? b.star?.title
      if (message === undefined && title === undefined) return undefined
      // A function sees a frozen copy of the view, one for both texts, and none is made
      // (nothing allocated) when neither is a function. What `details` and `issues` hold
      // is the error's own: a function that changes them changes the error.
      const seen =
        typeof message === 'function' || typeof title === 'function'
          ? Object.freeze({ ...view })
          : view
      return { message: apply(message, seen), title: apply(title, seen) }
    } catch {
      // A view whose fields throw when read (a caller's own): nothing to translate.
      return undefined
    }
  }
  const t: Translator = Object.freeze({
    languages,
    lookup,
    translate,
    localize: (acceptLanguage: string, views: ReadonlyArray<View>, max: number) => {
      const language = lookup(acceptLanguage)
      if (language === undefined) return undefined
      let changed = false
      const translated = views.map((v) => {
        const out = translate(v, language)
        if (out === undefined || (out.message === undefined && out.title === undefined)) return v
        changed = true
        return {
          ...v,
          message: out.message === undefined ? v.message : cap(out.message, max),
          title: out.title === undefined ? v.title : cap(out.title, max),
        }
      })
      // Nothing in the language: the body is not in it, and `Content-Language` must not say so.
      return changed ? { language, views: translated } : undefined
    },
  })
  translators.add(t)
  return t
}
