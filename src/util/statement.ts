/**
 * Whether a text reads as a complete statement that can be shown on its own (a card's thesis, key
 * claim or key point name): connectives, unresolved references, clause fragments. Pure string
 * functions, shared by the cluster and assemble stages.
 */

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Words that open a dependent clause or tie a clause to the one before: never the start of a key point. */
const CONNECTIVE_OPENERS = new Set(
  (
    "and but or nor yet so then thus hence therefore instead also plus which who whom whose that than " +
    "however moreover furthermore besides meanwhile otherwise still anyway nonetheless nevertheless " +
    "like including especially except rather whereas whereby wherein even as"
  ).split(" "),
);
/** Subordinators: a unit opening with one is self-contained only when its main clause follows (", …" or "then …"). */
const SUBORDINATE_OPENERS = new Set(
  "if when whenever unless although though while because since once until till after before where wherever whether".split(
    " ",
  ),
);
/** Words a complete statement does not end with. */
const DANGLING_ENDS = new Set(
  (
    "and but or nor so yet because since although though while which who that than if as of to for with " +
    "the a an by from in on at into than like whether when where"
  ).split(" "),
);

/**
 * Whether a text reads as a self-contained statement: it starts with a capital letter or a digit,
 * does not open with a connective or a subordinate clause, does not end with a comma, colon,
 * dash or conjunction, and is not a question. Leading quote marks, bullets and a short label
 * ("TL;DR:", "Edit:") are ignored.
 * @example selfContained("Uniforms reduce bullying.") // true
 * @example selfContained("as China has found throughout years of trying.") // false
 */
export function selfContained(text: string): boolean {
  let t = text.trim().replace(/^[\s>*"'“‘(\-–—•]+/u, "");
  t = t.replace(/^[\p{L}\p{N};/&.-]{1,12}(?:\s[\p{L}\p{N}]{1,12})?:\s+/u, "");
  if (!/^[\p{Lu}\p{N}]/u.test(t)) return false;
  if (/[,;:\-–—(]\s*$/u.test(t)) return false;
  if (/\?\s*["')\]”’]*$/u.test(t)) return false;
  const words =
    t
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .match(/[\p{L}\p{N}']+/gu) ?? [];
  const first = words[0] ?? "";
  const last = words[words.length - 1] ?? "";
  if (CONNECTIVE_OPENERS.has(first)) return false;
  if (SUBORDINATE_OPENERS.has(first) && !/,\s|\bthen\b/i.test(t.slice(first.length))) return false;
  if (DANGLING_ENDS.has(last) && !/[.!]["')\]”’]*$/u.test(t)) return false;
  return true;
}

/** Words that tie a sentence to the one before it: trimmed from the start of a card's text. */
const LEADING_CONNECTIVES = new Set(
  (
    "and but so hence therefore thus also plus then or yet however moreover furthermore besides " +
    "anyway still instead nonetheless nevertheless meanwhile otherwise consequently accordingly well " +
    "oh ok okay yes yeah no nope nah exactly indeed agreed right true sure"
  ).split(" "),
);
/** Sequence markers: connectives only with their comma ("Finally, some fear …", not "First responders …"). */
const SEQUENCE_MARKERS = new Set(
  "first firstly second secondly third thirdly finally lastly additionally next".split(" "),
);
/** Subject words that point back to something said before (an unresolved reference when first). */
const REFERRING_SUBJECTS = new Set(
  (
    "it it's its this that that's these those they they're them their he he's she she's his her " +
    "such which who whose same former latter"
  ).split(" "),
);

function firstWord(text: string): { word: string; rest: string } {
  const m = /^[\s>*"'“‘(\-–—•]*([\p{L}\p{N}'’]+)(.*)$/su.exec(text);
  return m ? { word: m[1]!.toLowerCase().replace(/’/g, "'"), rest: m[2]! } : { word: "", rest: text };
}

/**
 * Whether a text opens with a connective ("But …", "Hence …", "So, …") tying it to what came before.
 * @example opensWithConnective("Hence we will have a booming pipeline.") // true
 * @example opensWithConnective("Finally, some fear that workers will burn out.") // true
 * @example opensWithConnective("First responders need better pay.") // false
 */
export function opensWithConnective(text: string): boolean {
  const { word, rest } = firstWord(text);
  return LEADING_CONNECTIVES.has(word) || (SEQUENCE_MARKERS.has(word) && /^\s*,/.test(rest));
}

/**
 * Whether a text opens with a pronoun or demonstrative whose antecedent is not in it ("That is
 * exactly…", "They are behind…"). A demonstrative followed by a noun ("This policy…") names its
 * referent and is not counted; "it"/"they" always are.
 * @example opensWithReference("That is exactly the scenario I invest in.") // true
 * @example opensWithReference("This policy cut emissions.") // false
 */
export function opensWithReference(text: string): boolean {
  const { word, rest } = firstWord(text);
  if (!REFERRING_SUBJECTS.has(word)) return false;
  if (word === "this" || word === "that" || word === "these" || word === "those" || word === "such") {
    // "This policy …" names its referent; "This is …", "That was …", "This." do not.
    const next = firstWord(rest).word;
    return (
      next === "" ||
      /^[\s]*[,.;:!?]/.test(rest) ||
      /^(is|was|are|were|be|been|will|would|can|could|should|may|might|must|has|have|had|does|did|do|isn't|wasn't|doesn't|just|also|really|alone|means|makes|shows|seems|sounds|happens|one|kind|sort|part|way|guy|person)$/.test(
        next,
      )
    );
  }
  return true;
}

/** -ing words that are nouns, not participles ("Nothing is free."). */
const ING_NOUNS = new Set(
  "nothing something anything everything thing king ring spring string morning evening ceiling building during bring sing sting wing swing".split(
    " ",
  ),
);
/** A finite verb form: a text opening with a participle is a statement only when one follows. */
const FINITE_VERB =
  /\b(is|are|was|were|am|be|will|would|can|could|should|shall|may|might|must|does|do|did|has|have|had|isn't|aren't|wasn't|weren't|won't|wouldn't|can't|couldn't|shouldn't|doesn't|don't|didn't|hasn't|haven't|hadn't|makes|costs|means|takes|gives|helps|hurts|works|leads|seems)\b/i;

/**
 * Whether a text opens as a clause fragment rather than a statement: a participle ("Getting less
 * bang for its buck …") or an infinitive ("To slow them down.") with no finite verb after it —
 * what is left when a connective is cut off a dependent clause.
 * @example opensWithFragment("Getting less bang for its buck while helping rivals.") // true
 * @example opensWithFragment("Getting chips is harder now.") // false
 */
export function opensWithFragment(text: string): boolean {
  const { word, rest } = firstWord(text);
  const participle = word.length > 4 && word.endsWith("ing") && !ING_NOUNS.has(word);
  if (!participle && word !== "to") return false;
  return !FINITE_VERB.test(rest);
}

/**
 * A text without its leading connectives ("But, honestly, …" keeps "honestly, …"), first letter
 * capitalised; the text itself when nothing is trimmed or the rest would be too short to stand.
 * @example trimConnective("Hence we will have a booming pipeline.") // "We will have a booming pipeline."
 */
export function trimConnective(text: string): string {
  let t = text.trim();
  // An editor's label ("EDIT:", "Update 2:", "TL;DR:") says where the text sits, not what it says.
  const label = EDIT_LABEL.exec(t);
  if (label && wordCount(t.slice(label[0].length)) >= 3) {
    const rest = t.slice(label[0].length);
    text = t = rest.charAt(0).toUpperCase() + rest.slice(1);
  }
  for (let i = 0; i < 3 && opensWithConnective(t); i++) {
    const { rest } = firstWord(t);
    const next = rest.replace(/^[\s,;:—–-]+/u, "");
    if (wordCount(next) < 3) return text.trim();
    t = next;
  }
  // A trim must leave a statement: "therefore getting less bang …" stays as it is (and so does not stand).
  if (t !== text.trim() && opensWithFragment(t)) return text.trim();
  return t === text.trim() ? t : t.charAt(0).toUpperCase() + t.slice(1);
}

/**
 * Whether a text can be shown on a card on its own: a complete statement (no question, no leading
 * connective, no unresolved reference, no participle or infinitive fragment, not ending mid-clause).
 * @example standsAlone("China is 2-4 years behind.") // true
 * @example standsAlone("They are categorically behind.") // false
 */
export function standsAlone(text: string): boolean {
  return (
    selfContained(text) &&
    !opensWithConnective(text) &&
    !opensWithReference(text) &&
    !opensWithFragment(text) &&
    !asksForSomething(text)
  );
}

/**
 * Length of an editor's label opening a text ("EDIT: ", "TL;DR: "), 0 when there is none.
 * @example editLabelLength("TL;DR: China is behind.") // 7
 */
export function editLabelLength(text: string): number {
  return EDIT_LABEL.exec(text)?.[0].length ?? 0;
}

/** Labels editors put before a line of a post. */
const EDIT_LABEL = /^(?:edit(?:ed)?|update[d]?|eta|ps|p\.s\.|tl;?dr|tldr)(?:\s*\d+)?\s*[:.-]\s+/iu;

/**
 * Whether a text asks for something instead of stating it ("Explain chem trails please", "Can
 * someone explain …", "ELI5 …"): a request is a question without a question mark.
 * @example asksForSomething("Explain Chem trails please") // true
 * @example asksForSomething("Explaining the policy takes time.") // false
 */
export function asksForSomething(text: string): boolean {
  return /^[\s>*"'“‘(\-–—•]*(?:please\s+)?(?:explain|elaborate|clarify|eli5|tell\s+me|(?:can|could|would|will)\s+(?:someone|anyone|somebody|you)\s+(?:please\s+)?(?:explain|elaborate|clarify|tell|help))\b/iu.test(
    text,
  );
}
