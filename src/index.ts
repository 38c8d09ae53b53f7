/**
 * errmap: application errors as data, mapped totally to exact HTTP responses.
 *
 * @since 0.1.0
 */
export * from './HttpError.js'
export * from './Status.js'
export * from './Headers.js'
export * from './Priority.js'
export * from './Negotiate.js'
export * from './Json.js'
export * from './Body.js'
export * from './Policy.js'
export * from './Unknown.js'
export * from './Response.js'
export * from './Domain.js'
export * from './Codec.js'
export * from './Profiles.js'
