/** The records' JSON texts as one parameter, and how the statement unpacks it. */
export interface RecordTexts {
  /** `lines`: joined by newlines, split by `string_to_array`; `json`: a JSON array (any text at all). */
  readonly form: 'lines' | 'json';
  readonly value: string;
}

/**
 * The JSON texts of a batch as one parameter. Canonical JSON never holds a raw newline (JSON escapes every control
 * character), so the texts are joined by newlines and split by the server, which costs it about a microsecond a
 * record where unpacking a JSON array cost twenty (and node-postgres escaping a `text[]` in JavaScript cost more
 * than serializing the record). A text with a newline, which only a JSON writer other than the canonical one would
 * produce, sends the batch as a JSON array instead.
 *
 * @internal
 */
export function recordTexts(texts: readonly string[]): RecordTexts {
  for (const text of texts) {
    if (text.includes('\n')) return { form: 'json', value: JSON.stringify(texts) };
  }
  return { form: 'lines', value: texts.join('\n') };
}

/**
 * The statement that inserts one batch: the head moves from `$2` to `$3`/`$4` only if it is at `$2` (a stream's
 * first batch creates it), and the records go in only if it moved. `$16` holds the records' JSON (see
 * {@link recordTexts}, whose `form` chooses the statement), `$17` the `jsonb` text where it differs (a `text[]`,
 * nearly all nulls).
 *
 * @internal
 */
export function auditInsertStatement(records: string, heads: string, form: RecordTexts['form']): string {
  const texts = unpackTexts('$16', form);
  return `WITH head AS (
  INSERT INTO ${heads} AS h (stream, seq, hash) SELECT $1, $3, $4 WHERE $2::bigint = 0
  ON CONFLICT (stream) DO NOTHING
  RETURNING 1
), moved AS (
  UPDATE ${heads} SET seq = $3, hash = $4, updated_at = now()
  WHERE stream = $1 AND seq = $2 AND $2::bigint > 0
  RETURNING 1
), rows AS (
  INSERT INTO ${records} (stream, seq, prev, hash, time, type, capability, tenant_id, principal_id, action_id,
    outcome, phase, event_json, event)
  SELECT $1, r.seq, r.prev, r.hash, r.time, r.type, r.capability, r.tenant_id, r.principal_id, r.action_id,
    r.outcome, r.phase, r.event_json, COALESCE(r.jsonb_text, r.event_json)::jsonb
  FROM unnest($5::bigint[], $6::text[], $7::text[], $8::timestamptz[], $9::text[], $10::text[], $11::text[],
    $12::text[], $13::text[], $14::text[], $15::text[], ${texts}, $17::text[])
    AS r(seq, prev, hash, time, type, capability, tenant_id, principal_id, action_id, outcome, phase, event_json,
      jsonb_text)
  WHERE EXISTS (SELECT 1 FROM head UNION ALL SELECT 1 FROM moved)
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM head UNION ALL SELECT 1 FROM moved) AS moved, (SELECT count(*) FROM rows) AS inserted`;
}

/**
 * The SQL of the `text[]` the parameter `param` (a {@link recordTexts} value of `form`) holds, in order.
 *
 * @internal
 */
export function unpackTexts(param: string, form: RecordTexts['form']): string {
  return form === 'lines'
    ? `string_to_array(${param}::text, E'\\n')`
    : `ARRAY(SELECT e FROM json_array_elements_text(${param}::json) WITH ORDINALITY AS j(e, n) ORDER BY n)`;
}
