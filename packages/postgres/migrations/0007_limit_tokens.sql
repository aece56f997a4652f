-- Limits of @brane/limits: each entry carries the token of the reservation that made it, and release and renew touch
-- only the entries carrying theirs. An entry is named `<action id>|<index>`, so once an id was used again, releasing
-- or renewing its old reservation a second time took back or extended the new reservation's entry. `reserve_limits`
-- takes the token (`p_token`) and stores it in every entry it inserts; the signature of `0002_limits` is kept, and
-- calls it without a token (NULL), so that a process still running the previous version keeps working while a fleet
-- upgrades (its entries hold no token, and its release and renew name them as before).
ALTER TABLE limit_entries ADD COLUMN token text COLLATE "C";

CREATE FUNCTION reserve_limits(
  p_id text, p_token text, p_keys text[], p_costs double precision[], p_maxes double precision[], p_spans bigint[],
  p_kinds text[]
) RETURNS TABLE (granted boolean, at_ms bigint, refused integer, used double precision[], retry_ms bigint)
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  now_ms bigint := floor(extract(epoch FROM clock_timestamp()) * 1000);
  n integer := coalesce(array_length(p_keys, 1), 0);
  u double precision;
  need double precision;
  freed double precision;
  entry record;
  useds double precision[] := '{}';
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(k, 7477)) FROM (SELECT DISTINCT unnest(p_keys) AS k ORDER BY 1) AS locked;
  DELETE FROM limit_entries WHERE key = ANY (p_keys) AND expires_ms <= now_ms;
  -- The entries of this id under a key: `<id>|` then digits (an id may hold `|` itself), found by the primary key.
  FOR i IN 1..n LOOP
    IF EXISTS (
      SELECT 1 FROM limit_entries e
      WHERE e.key = p_keys[i] AND e.entry >= p_id || '|' AND e.entry < p_id || '}'
        AND substr(e.entry, length(p_id) + 2) ~ '^[0-9]+$'
    ) THEN
      RAISE EXCEPTION 'reserve_limits: the action id already holds a reservation under limit %', i
        USING ERRCODE = 'BR001', DETAIL = i::text;
    END IF;
  END LOOP;
  FOR i IN 1..n LOOP
    SELECT coalesce(sum(cost), 0) INTO u FROM limit_entries WHERE key = p_keys[i];
    FOR j IN 1..i - 1 LOOP
      IF p_keys[j] = p_keys[i] THEN u := u + p_costs[j]; END IF;
    END LOOP;
    IF u + p_costs[i] > p_maxes[i] THEN
      retry_ms := NULL;
      IF p_kinds[i] <> 'concurrent' AND p_costs[i] <= p_maxes[i] THEN
        need := u + p_costs[i] - p_maxes[i];
        freed := 0;
        FOR entry IN SELECT e.cost, e.expires_ms FROM limit_entries e WHERE e.key = p_keys[i] ORDER BY e.expires_ms LOOP
          freed := freed + entry.cost;
          IF freed >= need THEN retry_ms := entry.expires_ms - now_ms; EXIT; END IF;
        END LOOP;
      END IF;
      RETURN QUERY SELECT false, now_ms, i, ARRAY[u], retry_ms;
      RETURN;
    END IF;
  END LOOP;
  FOR i IN 1..n LOOP
    INSERT INTO limit_entries (key, entry, cost, expires_ms, token)
      VALUES (p_keys[i], p_id || '|' || i, p_costs[i], now_ms + p_spans[i], p_token);
    INSERT INTO limit_keys (key, max) VALUES (p_keys[i], p_maxes[i]) ON CONFLICT (key) DO UPDATE SET max = excluded.max;
    SELECT sum(cost) INTO u FROM limit_entries WHERE key = p_keys[i];
    useds := useds || u;
  END LOOP;
  RETURN QUERY SELECT true, now_ms, 0, useds, NULL::bigint;
END
$$;

-- The previous signature, for processes of the previous version: the same function, without a token.
CREATE OR REPLACE FUNCTION reserve_limits(
  p_id text, p_keys text[], p_costs double precision[], p_maxes double precision[], p_spans bigint[], p_kinds text[]
) RETURNS TABLE (granted boolean, at_ms bigint, refused integer, used double precision[], retry_ms bigint)
LANGUAGE sql SET search_path FROM CURRENT AS $$
  SELECT * FROM reserve_limits(p_id, NULL::text, p_keys, p_costs, p_maxes, p_spans, p_kinds)
$$;
