/**
 * An event stream read as WHATWG HTML §9.2.6 interprets it (what `EventSource` dispatches),
 * for the tests of errors inside a stream.
 */
export interface SseEvent {
  readonly type: string
  readonly data: string
}

/**
 * The events a complete event stream dispatches: lines end at CR LF, LF or CR; a leading
 * BOM is dropped; comments and unknown fields are ignored; `data` lines are joined with LF;
 * a blank line dispatches (nothing when no data was given); an event the stream ends in the
 * middle of is not dispatched.
 */
export const parseSse = (stream: string): ReadonlyArray<SseEvent> => {
  const text = stream.charCodeAt(0) === 0xfeff ? stream.slice(1) : stream
  const lines = text.split(/\r\n|\r|\n/)
  lines.pop() // after the last line end: an unfinished line, never processed
  const events: Array<SseEvent> = []
  let type = ''
  let data = ''
  for (const line of lines) {
    if (line === '') {
      if (data !== '')
        events.push({ type: type === '' ? 'message' : type, data: data.slice(0, -1) })
      type = ''
      data = ''
      continue
    }
    if (line.startsWith(':')) continue
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    let value = colon < 0 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') type = value
    else if (field === 'data') data += `${value}\n`
  }
  return events
}
