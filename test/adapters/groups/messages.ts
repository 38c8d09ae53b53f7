/**
 * Localized messages: under `policy({ messages: messages(table) })`, every adapter reads
 * `Accept-Language`, answers in the language RFC 4647 lookup chooses among the table's
 * (`Content-Language` says which), and `Vary` names `Accept-Language` on every response.
 * A masked 5xx gets the translated standard text, never its own message.
 */
import * as E from 'fp-ts/Either'
import { badRequest, conflict, internal, messages as translations, notFound, policy } from 'errmap'
import type { Case } from '../cases.js'
import type { Group } from '../groups.js'

const SECRET = 'postgres://admin:hunter2@db.internal'

const table = translations({
  de: {
    NOT_FOUND: { message: 'Nicht gefunden.', title: 'Nicht gefunden' },
    BAD_REQUEST: 'Ungültige Anfrage.',
    CONFLICT: (v) => `Konflikt: ${v.message}`,
    INTERNAL_SERVER_ERROR: { message: 'Interner Serverfehler.', title: 'Interner Serverfehler' },
  },
  'de-CH': { NOT_FOUND: 'Nöd gfunde.' },
  fr: { NOT_FOUND: 'Introuvable.' },
})

const vary = 'Accept, Accept-Language'

const GET = (acceptLanguage: string | undefined, extra: Readonly<Record<string, string>> = {}) => ({
  method: 'GET',
  headers: acceptLanguage === undefined ? extra : { 'accept-language': acceptLanguage, ...extra },
})

const cases: ReadonlyArray<Case> = [
  {
    name: 'the language Accept-Language names: the message translated, Content-Language set',
    raise: () => E.left(notFound('No user 42.')),
    request: GET('de'),
    expect: {
      status: 404,
      headers: { vary, 'content-language': 'de' },
      body: { message: 'Nicht gefunden.', code: 'NOT_FOUND' },
    },
  },
  {
    name: 'no Accept-Language: the error’s own message, no Content-Language, still Vary',
    raise: () => E.left(notFound('No user 42.')),
    request: GET(undefined),
    expect: { status: 404, headers: { vary }, body: { message: 'No user 42.', code: 'NOT_FOUND' } },
  },
  {
    name: 'a language the table does not have: the error’s own message',
    raise: () => E.left(notFound('No user 42.')),
    request: GET('ja, zh-Hant;q=0.8'),
    expect: { status: 404, headers: { vary }, body: { message: 'No user 42.', code: 'NOT_FOUND' } },
  },
  {
    name: 'lookup truncates the range: de-AT-1996 falls back to de',
    raise: () => E.left(badRequest('Bad id.')),
    request: GET('de-AT-1996'),
    expect: {
      status: 400,
      headers: { vary, 'content-language': 'de' },
      body: { message: 'Ungültige Anfrage.', code: 'BAD_REQUEST' },
    },
  },
  {
    name: 'the most specific tag of the table wins, in the table’s spelling (DE-ch → de-CH)',
    raise: () => E.left(notFound('No user 42.')),
    request: GET('DE-ch'),
    expect: {
      status: 404,
      headers: { vary, 'content-language': 'de-CH' },
      body: { message: 'Nöd gfunde.', code: 'NOT_FOUND' },
    },
  },
  {
    name: 'a code de-CH does not list falls back to de',
    raise: () => E.left(badRequest('Bad id.')),
    request: GET('de-CH'),
    expect: {
      status: 400,
      headers: { vary, 'content-language': 'de-CH' },
      body: { message: 'Ungültige Anfrage.', code: 'BAD_REQUEST' },
    },
  },
  {
    name: 'q-values order the ranges: fr;q=0.4, de;q=0.9 answers in de',
    raise: () => E.left(notFound()),
    request: GET('fr;q=0.4, de;q=0.9'),
    expect: {
      status: 404,
      headers: { vary, 'content-language': 'de' },
      body: { message: 'Nicht gefunden.', code: 'NOT_FOUND' },
    },
  },
  {
    name: 'q=0 excludes: de;q=0, fr answers in fr',
    raise: () => E.left(notFound()),
    request: GET('de;q=0, *, fr;q=0.1'),
    expect: {
      status: 404,
      headers: { vary, 'content-language': 'fr' },
      body: { message: 'Introuvable.', code: 'NOT_FOUND' },
    },
  },
  {
    name: 'a function of the exposed view',
    raise: () => E.left(conflict('Version 3 is newer.')),
    request: GET('de'),
    expect: {
      status: 409,
      headers: { vary, 'content-language': 'de' },
      body: { message: 'Konflikt: Version 3 is newer.', code: 'CONFLICT' },
    },
  },
  {
    name: 'a masked 500 gets the translated standard text, never its own message',
    raise: () => {
      throw internal(`pool exhausted at ${SECRET}`)
    },
    request: GET('de'),
    secret: 'hunter2',
    expect: {
      status: 500,
      headers: { vary, 'content-language': 'de' },
      body: { message: 'Interner Serverfehler.', code: 'INTERNAL_SERVER_ERROR' },
    },
  },
  {
    name: 'a masked 500 a language does not translate keeps the standard English text, with no Content-Language',
    raise: () => {
      throw new Error(`connect ECONNREFUSED ${SECRET}`)
    },
    request: GET('fr'),
    secret: 'hunter2',
    expect: {
      status: 500,
      headers: { vary },
      body: { message: 'Internal Server Error', code: 'INTERNAL_SERVER_ERROR' },
    },
  },
  {
    name: 'problem+json: title and detail translated',
    raise: () => E.left(notFound('No user 42.')),
    request: GET('de', { accept: 'application/problem+json' }),
    expect: {
      status: 404,
      headers: {
        vary,
        'content-language': 'de',
        'content-type': 'application/problem+json; charset=utf-8',
      },
      body: {
        type: 'about:blank',
        title: 'Nicht gefunden',
        status: 404,
        detail: 'Nicht gefunden.',
        code: 'NOT_FOUND',
      },
    },
  },
  {
    name: 'a GraphQL errors body: the message translated',
    raise: () => E.left(notFound()),
    request: GET('fr', { accept: 'application/graphql-response+json' }),
    expect: {
      status: 404,
      headers: {
        vary,
        'content-language': 'fr',
        'content-type': 'application/graphql-response+json; charset=utf-8',
      },
      body: { errors: [{ message: 'Introuvable.', extensions: { code: 'NOT_FOUND' } }] },
    },
  },
  {
    name: 'several errors: each one translated',
    send: [badRequest('Bad name.'), conflict('Taken.')],
    request: GET('de'),
    expect: {
      status: 400,
      headers: { vary, 'content-language': 'de' },
      body: {
        message: 'Ungültige Anfrage.',
        code: 'BAD_REQUEST',
        errors: [
          { status: 400, message: 'Ungültige Anfrage.', code: 'BAD_REQUEST' },
          { status: 409, message: 'Konflikt: Taken.', code: 'CONFLICT' },
        ],
      },
    },
  },
  {
    name: 'a header longer than the bound: what lies past it is not read',
    raise: () => E.left(notFound('No user 42.')),
    request: GET(`ja;q=0.1${' '.repeat(4100)}, de`),
    expect: { status: 404, headers: { vary }, body: { message: 'No user 42.', code: 'NOT_FOUND' } },
  },
  {
    name: 'invalid ranges are ignored',
    raise: () => E.left(notFound('No user 42.')),
    request: GET('de_DE, de;q=2, de-;q=1, <script>, fr-FR;q=0.5'),
    expect: {
      status: 404,
      headers: { vary, 'content-language': 'fr' },
      body: { message: 'Introuvable.', code: 'NOT_FOUND' },
    },
  },
  {
    name: 'HEAD: no body, the length of the translated one',
    raise: () => E.left(notFound('No user 42.')),
    request: { method: 'HEAD', headers: { 'accept-language': 'de-CH' } },
    expect: {
      status: 404,
      headers: { vary, 'content-language': 'de-CH' },
      body: undefined,
      contentLength: Buffer.byteLength(
        JSON.stringify({ message: 'Nöd gfunde.', code: 'NOT_FOUND' }),
      ),
    },
  },
]

export const messages: Group = { name: 'messages', policy: policy({ messages: table }), cases }
