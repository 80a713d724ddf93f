import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

/**
 * Password strength by zxcvbn-ts (the maintained TypeScript port of Dropbox's zxcvbn): it knows
 * common and breached passwords, keyboard walks, repeats, dates and l33t, so "password",
 * "12345678" and eight spaces all score 0. We require score 3 ("safely unguessable": about 10^8
 * guesses or more), the level zxcvbn's authors suggest for online accounts. The email and name
 * count as guessable words. Built once: loading the dictionaries takes ~100 ms.
 */
export const MIN_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
function zxcvbn() {
  factory ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs, translations: en.translations });
  return factory;
}

/** Null when strong enough, otherwise a sentence saying why not and what helps. */
export function weakPasswordReason(password: string, userInputs: string[] = []): string | null {
  const result = zxcvbn().check(password, userInputs.filter(Boolean));
  if (result.score >= MIN_SCORE) return null;
  const why = result.feedback.warning ?? "It would be guessed too quickly.";
  const help = result.feedback.suggestions[0] ?? "Use a few unrelated words or a longer passphrase.";
  return `is too easy to guess. ${why} ${help}`;
}
