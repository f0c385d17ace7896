import type { Language } from '../domain/language.ts';
import { BEATS, CONTEXT, COUNTRIES, DAYS, OUTLOOK, PEOPLE, PLACES, REACTIONS, type Beat } from './beats.ts';
import { toFaDigits, type Bi } from './catalog.ts';
import { Rng } from './prng.ts';

/** A story is its beat and a seed: told in English or Persian, it has the same facts. */
export interface StoryPlan {
  beat: Beat;
  seed: number;
}

export interface ToldStory {
  headline: string;
  standfirst: string;
  excerpt: string;
  bodySource: string;
  /** Markdown blocks of the body in order (joined by blank lines they are `bodySource`). */
  blocks: string[];
  tagKeys: string[];
  /** Names used in the story, for notes that refer back to them. */
  org: string;
  name: string;
}

type Values = Record<string, Bi>;

const nf = { en: new Intl.NumberFormat('en-GB'), fa: new Intl.NumberFormat('fa-IR') };

function number(value: number): Bi {
  return { en: nf.en.format(value), fa: nf.fa.format(value) };
}

function percent(value: number): Bi {
  const text = value % 1 === 0 ? String(value) : value.toFixed(1);
  return { en: `${text}%`, fa: `${toFaDigits(text).replace('.', '٫')} درصد` };
}

/** Draws the per-sentence numbers before choosing a language, so both languages get the same ones. */
function drawNumbers(rng: Rng): Values {
  const magnitude = rng.pick([100, 1000, 10000]);
  return {
    n: number(Math.round(rng.int(12, 480) * (magnitude / 10))),
    k: number(rng.int(3, 40)),
    pct: percent(Math.round(rng.int(30, 620)) / 10),
    spct: percent(Math.round(rng.int(3, 49)) / 10),
  };
}

function fill(template: Bi, values: Values, language: Language): string {
  let text = template[language];
  // Values may themselves hold slots (a role "a member of parliament for {place}").
  for (let pass = 0; pass < 2; pass++)
    text = text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key]?.[language] ?? whole);
  return text;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function sentence(template: Bi, values: Values, rng: Rng, language: Language): string {
  return capitalise(fill(template, { ...values, ...drawNumbers(rng) }, language));
}

/** Tells a story in one language. Every draw happens regardless of language: translations match. */
export function tellStory(plan: StoryPlan, language: Language): ToldStory {
  const rng = new Rng(plan.seed);
  const { beat } = plan;
  const places = PLACES[beat.places];
  const values: Values = {
    place: rng.pick(places),
    org: rng.pick(beat.orgs),
    subject: rng.pick(beat.subjects),
    day: rng.pick(DAYS),
    country: rng.pick(COUNTRIES),
  };
  const [person1, person2, person3] = rng.sample(PEOPLE, 3) as [Bi, Bi, Bi];
  const [role1, role2, role3] = [rng.pick(beat.roles), rng.pick(beat.roles), rng.pick(beat.roles)];
  const people = {
    first: { ...values, name: person1, role: role1 },
    second: { ...values, name: person2, role: role2 },
  };

  const headline = sentence(rng.pick(beat.headlines), values, rng, language);
  const standfirst = sentence(rng.pick(beat.standfirsts), values, rng, language);
  const facts = rng.sample(beat.facts, Math.min(beat.facts.length, rng.int(3, 4)));
  const context = rng.sample(CONTEXT, 3);
  const reactions = rng.sample(REACTIONS, 2);
  const subheads = rng.sample(beat.subheads, 2);
  const quote = rng.pick(beat.quotes);
  const outlook = rng.pick(OUTLOOK);
  const withSubhead = rng.chance(0.65);
  const withSecondSubhead = withSubhead && rng.chance(0.35);
  const withQuote = rng.chance(0.5);
  const extraContext = rng.chance(0.5);
  const tagKeys = rng.sample(beat.tags, rng.int(1, 4));

  const say = (t: Bi, v: Values = values) => sentence(t, v, rng, language);
  const blocks: string[] = [];
  const lede = say(facts[0]!);
  const dateline = fill(values.place!, {}, language);
  blocks.push(beat.opinion ? `${lede} ${say(context[0]!)}` : `**${dateline}** — ${lede} ${say(context[0]!)}`);
  blocks.push(`${say(facts[1]!)} ${say(reactions[0]!, people.first)}`);
  if (withSubhead) blocks.push(`## ${say(subheads[0]!)}`);
  blocks.push(`${say(facts[2]!)} ${say(context[1]!)}`);
  if (withQuote) {
    const who = `${fill(person3, {}, language)}, ${fill(role3, values, language)}`;
    const text = fill(quote, values, language);
    blocks.push(
      language === 'fa' ? `> «${text}»\n>\n> — ${who.replace(', ', '، ')}` : `> “${text}”\n>\n> — ${who}`,
    );
  }
  blocks.push(say(reactions[1]!, people.second) + (extraContext ? ` ${say(context[2]!)}` : ''));
  if (withSecondSubhead) blocks.push(`## ${say(subheads[1]!)}`);
  if (facts[3]) blocks.push(say(facts[3]));
  blocks.push(say(outlook));

  return {
    headline,
    standfirst,
    excerpt: lede,
    bodySource: blocks.join('\n\n'),
    blocks,
    tagKeys,
    org: fill(values.org!, {}, language),
    name: fill(person1, {}, language),
  };
}

/** Beats that have a section in the edition. */
export function beatsFor(language: Language): Beat[] {
  return BEATS.filter((b) => b.section[language] !== null);
}
