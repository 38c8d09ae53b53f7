import type { StandardSchemaV1 as Spec } from '@standard-schema/spec'
import { type } from 'arktype'
import type { TaskEither } from 'fp-ts/TaskEither'
import * as v from 'valibot'
import { describe, expectTypeOf, it } from 'vitest'
import * as z from 'zod'
import {
  decodeSchema,
  fromSchemaIssues,
  type HttpError,
  type Internal,
  type StandardSchemaV1,
  type UnprocessableContent,
} from '../src/index.js'

describe('decodeSchema', () => {
  it('infers the output of a zod schema, transforms applied', () => {
    const decode = decodeSchema(z.object({ id: z.string().transform((s) => s.length) }))
    expectTypeOf(decode).toEqualTypeOf<(input: unknown) => TaskEither<HttpError, { id: number }>>()
  })

  it('infers the output of a valibot schema, transforms applied', () => {
    const schema = v.object({
      tags: v.array(
        v.pipe(
          v.string(),
          v.transform((s) => s.length),
        ),
      ),
    })
    expectTypeOf(decodeSchema(schema, 'query')).toEqualTypeOf<
      (input: unknown) => TaskEither<HttpError, { tags: Array<number> }>
    >()
  })

  it('infers the output of an arktype schema', () => {
    expectTypeOf(decodeSchema(type({ age: 'number' }))).toEqualTypeOf<
      (input: unknown) => TaskEither<HttpError, { age: number }>
    >()
  })

  it('does not compile with a value that is not a Standard Schema, or a location that is not one', () => {
    // @ts-expect-error a plain object is not a schema
    decodeSchema({ id: 'string' })
    // @ts-expect-error a schema of another version is not one
    decodeSchema({ '~standard': { version: 2, vendor: 'x', validate: () => ({ value: 1 }) } })
    // @ts-expect-error an io-ts codec is not a Standard Schema (decodeInput takes it)
    decodeSchema({ decode: (u: unknown) => u, is: (_: unknown) => true })
    // @ts-expect-error 'json' is not a location
    decodeSchema(z.string(), 'json')
  })
})

describe('StandardSchemaV1', () => {
  it('is the specification’s interface, both ways', () => {
    expectTypeOf<Spec<string, number>>().toExtend<StandardSchemaV1<string, number>>()
    expectTypeOf<StandardSchemaV1<string, number>>().toExtend<Spec<string, number>>()
  })
})

describe('fromSchemaIssues', () => {
  it('takes any library’s issues and answers a 422, or a 500 for issues out of the spec', () => {
    const issues: ReadonlyArray<Spec.Issue> = []
    expectTypeOf(fromSchemaIssues(issues)).toEqualTypeOf<UnprocessableContent | Internal>()
    // @ts-expect-error a string is not a list of issues
    fromSchemaIssues('age is wrong')
  })
})
