import { useEffect, useMemo, useState } from 'react';
import type { BlockInfo } from '@weft/dsl';
import { loadValidator, lazyValidator, type Validator } from './validator';

/** Shown while the validator is still loading (validate.ts): an input is not sent unchecked. */
const LOADING = ['checking the input…'];

/**
 * A check of a value against `block`'s input schema (problems in words, none when it fits), for an
 * input the person edits before sending it. The validator is loaded on first use (validator.ts).
 */
export function useInputCheck(block: BlockInfo | undefined): (value: unknown) => readonly string[] {
  const [validator, setValidator] = useState<Validator | null>(lazyValidator.now);
  useEffect(() => {
    if (validator) return;
    let gone = false;
    loadValidator().then(
      (v) => !gone && setValidator(v),
      () => {},
    );
    return () => {
      gone = true;
    };
  }, [validator]);
  return useMemo(
    () => (value: unknown) => (!block ? [] : validator ? validator.checkBlockInput(block, value) : LOADING),
    [block, validator],
  );
}
