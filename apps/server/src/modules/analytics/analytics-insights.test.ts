import { describe, expect, it } from 'vitest';
import {
  clusterTopics,
  detectSpikes,
  forecastDailyVolume,
  ownTextOf,
  runHoltWinters,
  scoreSentiment,
  summarizeSentiment,
  topicTermsOf,
  type DailyCount,
  type TopicDocument,
  type VolumeSeries,
} from './analytics-insights.js';

/** Days from Monday 28 September 2026: 56 of them end on Sunday 22 November, so a forecast starts on Monday 23. */
const dayOf = (index: number) => new Date(Date.UTC(2026, 8, 28) + index * 86_400_000).toISOString().slice(0, 10);
const seriesOf = (values: number[]): DailyCount[] => values.map((count, index) => ({ date: dayOf(index), count }));
const weeks = (pattern: number[], count: number) => Array.from({ length: pattern.length * count }, (_, index) => pattern[index % pattern.length]!);

describe('the volume forecast', () => {
  it('repeats an exact weekly pattern, with no spread, and says which day is busiest', () => {
    // Monday to Sunday: 10 a day, 15 on Fridays, 8 and 7 at the weekend (70 a week, 10 a day on average).
    const forecast = forecastDailyVolume(seriesOf(weeks([10, 10, 10, 10, 15, 8, 7], 8)));
    expect(forecast.method).toBe('holt_winters');
    expect(forecast.parameters.seasonLength).toBe(7);
    expect(forecast.residualStdDev).toBe(0);
    expect(forecast.days).toHaveLength(14);
    expect(forecast.days.slice(0, 7)).toEqual([
      { date: '2026-11-23', expected: 10, low: 10, high: 10 },
      { date: '2026-11-24', expected: 10, low: 10, high: 10 },
      { date: '2026-11-25', expected: 10, low: 10, high: 10 },
      { date: '2026-11-26', expected: 10, low: 10, high: 10 },
      { date: '2026-11-27', expected: 15, low: 15, high: 15 },
      { date: '2026-11-28', expected: 8, low: 8, high: 8 },
      { date: '2026-11-29', expected: 7, low: 7, high: 7 },
    ]);
    expect(forecast.weekdayEffects.find((effect) => effect.weekday === 5)).toEqual({ weekday: 5, effect: 0.5 });
    expect(forecast.weekdayEffects.find((effect) => effect.weekday === 7)).toEqual({ weekday: 7, effect: -0.3 });
    expect(forecast.weeklyTrend).toBe(0);
    expect(forecast.explanation).toEqual({
      en: 'About 10 tickets a day expected next week, Fridays busiest (+50%); based on the last 8 weeks.',
      fr: 'Environ 10 billets par jour prévus la semaine prochaine, surtout le vendredi (+50 %) ; d’après les 8 dernières semaines.',
    });
  });

  it('carries a straight trend on exactly: 10, 11, 12… continues at 66 with a rise of a tenth a week', () => {
    const forecast = forecastDailyVolume(seriesOf(Array.from({ length: 56 }, (_, index) => 10 + index)));
    expect(forecast.parameters.phi).toBe(1);
    expect(forecast.days.map((day) => day.expected)).toEqual([66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79]);
    // Week one averages 69, week two 76: +10%.
    expect(forecast.weeklyTrend).toBe(0.101);
    expect(forecast.explanation.en).toBe('About 69 tickets a day expected next week, rising about 10% a week; based on the last 8 weeks.');
    expect(forecast.explanation.fr).toBe('Environ 69 billets par jour prévus la semaine prochaine, en hausse d’environ 10 % par semaine ; d’après les 8 dernières semaines.');
  });

  it('starts from the state the first two weeks give, and makes no error on trend plus season', () => {
    const values = Array.from({ length: 21 }, (_, index) => 20 + 2 * index + [5, 0, 0, 0, 0, -2, -3][index % 7]!);
    const run = runHoltWinters(values, 7, 0.3, 0.1, 0.1);
    expect(run.sse).toBeCloseTo(0, 9);
    expect(run.trend).toBeCloseTo(2, 9);
    // After day 20 (a Sunday): level 20 + 2 × 20 + the Sunday's effect taken out.
    expect(run.level).toBeCloseTo(60, 9);
    expect(run.season.map((value) => Math.round(value * 1000) / 1000)).toEqual([5, 0, 0, 0, 0, -2, -3]);
  });

  it('follows a lasting change of level by choosing a high level weight', () => {
    const forecast = forecastDailyVolume(seriesOf(Array.from({ length: 56 }, (_, index) => (index < 35 ? 10 : 30))));
    expect(forecast.parameters.alpha).toBeGreaterThanOrEqual(0.7);
    for (const day of forecast.days) expect(day.expected).toBeCloseTo(30, 0);
    expect(forecast.explanation.en).toBe('About 30 tickets a day expected next week; based on the last 8 weeks.');
  });

  it('never forecasts fewer than zero tickets, even on a falling line', () => {
    const forecast = forecastDailyVolume(seriesOf(Array.from({ length: 30 }, (_, index) => 100 - 3 * index)));
    expect(forecast.days.map((day) => day.expected)).toEqual([10, 7, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(forecast.days.every((day) => day.low >= 0 && day.low <= day.expected && day.expected <= day.high)).toBe(true);
    expect(forecast.explanation.en).toBe('About 3.1 tickets a day expected next week, falling to almost none the week after; based on the last 30 days.');
  });

  it('widens the interval with the horizon on a noisy week', () => {
    let seed = 7;
    const noise = () => ((seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647 - 0.5) * 8;
    const values = Array.from({ length: 56 }, (_, index) => Math.round([20, 22, 21, 23, 30, 8, 6][index % 7]! + noise()));
    const forecast = forecastDailyVolume(seriesOf(values));
    expect(forecast.residualStdDev).toBeGreaterThan(1);
    const widths = forecast.days.map((day) => day.high - day.low);
    // Same weekday a week apart: the later one is at least as wide (sundays may be cut at zero).
    for (let index = 0; index < 6; index += 1) expect(widths[index + 7]!).toBeGreaterThanOrEqual(widths[index]! - 0.11);
    expect(forecast.days[0]!.high - forecast.days[0]!.expected).toBeCloseTo(1.96 * forecast.residualStdDev, 0);
    expect(forecast.explanation.en).toMatch(/^About 18 tickets a day expected next week, Fridays busiest \(\+\d+%\); based on the last 8 weeks\.$/);
  });

  it('falls back to simple smoothing before two full weeks, leaving out the days before the first ticket', () => {
    const forecast = forecastDailyVolume(seriesOf([...new Array(50).fill(0), 4, 4, 4, 4, 4, 4]));
    expect(forecast.method).toBe('exponential_smoothing');
    expect([forecast.parameters.beta, forecast.parameters.gamma]).toEqual([null, null]);
    expect(forecast.historyDays).toBe(6);
    expect(forecast.days[0]).toEqual({ date: '2026-11-23', expected: 4, low: 4, high: 4 });
    expect(forecast.weekdayEffects).toEqual([]);
    expect(forecast.explanation).toEqual({
      en: 'About 4 tickets a day expected next week; based on the last 6 days, too few for a weekly pattern.',
      fr: 'Environ 4 billets par jour prévus la semaine prochaine ; d’après les 6 derniers jours, trop peu pour dégager un profil hebdomadaire.',
    });
  });

  it('forecasts nothing, and says so, without a ticket', () => {
    const forecast = forecastDailyVolume(seriesOf(new Array(56).fill(0)), { historyWeeks: 8 });
    expect(forecast.method).toBe('none');
    expect(forecast.days.every((day) => day.expected === 0 && day.high === 0)).toBe(true);
    expect(forecast.explanation).toEqual({ en: 'No tickets in the last 8 weeks: nothing to forecast yet.', fr: 'Aucun billet au cours des 8 dernières semaines : rien à prévoir pour l’instant.' });
  });
});

describe('spikes of volume', () => {
  const series = (counts: number[], label = { en: 'Refunds', fr: 'Remboursements' }): VolumeSeries => ({ dimension: 'category', value: 'refunds', label, days: seriesOf(counts) });

  it('flags a day far above a steady median, with the spread counts have by chance (√10 here)', () => {
    // 28 days of 10 (no deviation at all), then 42 on Wednesday 4 November: (42 − 10) / √10 = 10.12.
    const [spike, ...others] = detectSpikes([series([...new Array(37).fill(10), 42])]);
    expect(others).toEqual([]);
    expect(spike).toMatchObject({ dimension: 'category', value: 'refunds', date: '2026-11-04', count: 42, expected: 10, zScore: 10.12 });
    expect(spike!.explanation).toEqual({ en: 'Refunds: 42 tickets on Wed 4 Nov, about 4× the usual 10', fr: 'Remboursements : 42 billets le mer. 4 nov., environ 4 fois les 10 habituels' });
  });

  it('needs both a robust z-score of 3.5 and five tickets more than expected', () => {
    // Six over 10 is within chance ((16 − 10) / √10 = 1.9); four over none is a high score but too few tickets.
    expect(detectSpikes([series([...new Array(28).fill(10), 16])])).toEqual([]);
    expect(detectSpikes([series([...new Array(28).fill(0), 4])])).toEqual([]);
    const [fromNothing] = detectSpikes([series([...new Array(28).fill(0), 6])]);
    expect(fromNothing!.explanation.en).toBe('Refunds: 6 tickets on Mon 26 Oct, where there are usually none');
    expect(fromNothing!.explanation.fr).toBe('Remboursements : 6 billets le lun. 26 oct., alors qu’il n’y en a habituellement aucun');
  });

  it('reads the spread from the median absolute deviation, which earlier spikes do not inflate', () => {
    // Days alternate 5 and 15: median 10, MAD 5, spread 7.41. 30 is 2.7 spreads out, 40 is 4.05.
    const alternating: number[] = Array.from({ length: 28 }, (_, index) => (index % 2 ? 15 : 5));
    const lastDay = { fromDate: dayOf(28) };
    expect(detectSpikes([series([...alternating, 30])], lastDay)).toEqual([]);
    const [spike] = detectSpikes([series([...alternating, 40])], lastDay);
    expect(spike!.zScore).toBe(4.05);
    // A huge day earlier in the window moves neither the median nor the MAD.
    alternating[3] = 500;
    expect(detectSpikes([series([...alternating, 40])], lastDay)[0]!.zScore).toBe(4.05);
  });

  it('words a smaller excess as a percentage', () => {
    const [spike] = detectSpikes([series([...new Array(28).fill(20), 38])]);
    expect(spike!.explanation).toEqual({ en: 'Refunds: 38 tickets on Mon 26 Oct, +90% over the usual 20', fr: 'Remboursements : 38 billets le lun. 26 oct., 90 % de plus que les 20 habituels' });
  });

  it('can expect each weekday its own usual count', () => {
    // Mondays bring 30, other days 10: a Monday of 30 is a spike against the median, not against past Mondays.
    const mondays = Array.from({ length: 29 }, (_, index) => (index % 7 === 0 ? 30 : 10));
    expect(detectSpikes([series(mondays)], { fromDate: '2026-10-26' }).map((spike) => spike.date)).toEqual(['2026-10-26']);
    expect(detectSpikes([series(mondays)], { fromDate: '2026-10-26', baseline: 'weekday' })).toEqual([]);
  });

  it('judges only the recent days, with enough history, newest first', () => {
    const counts = [...new Array(10).fill(0), 30, ...new Array(20).fill(2), 30, 2, 40];
    // Day 10 has too little history; days 31 (Thu 29 Oct) and 33 are judged.
    expect(detectSpikes([series(counts)]).map((spike) => spike.date)).toEqual(['2026-10-31', '2026-10-29']);
    expect(detectSpikes([series(counts)], { fromDate: '2026-10-30' }).map((spike) => spike.date)).toEqual(['2026-10-31']);
  });
});

describe('topics of recent tickets', () => {
  const tickets: TopicDocument[] = [
    { number: 1, subject: 'Refund for order 1234', description: 'I was charged twice for my order, please refund me.' },
    { number: 2, subject: 'Where is my refund?', description: 'You promised a refund for the order last week.' },
    { number: 3, subject: 'Charged twice', description: 'My card was charged twice for the same order. I want a refund.' },
    { number: 4, subject: 'Remboursement de ma commande', description: 'J’ai été débité deux fois pour ma commande, je veux un remboursement.' },
    { number: 5, subject: 'Mot de passe oublié', description: 'Je ne peux plus me connecter, mon mot de passe ne fonctionne pas.' },
    { number: 6, subject: 'Password reset not working', description: 'The password reset link does not work, I cannot log in.' },
    { number: 7, subject: 'Cannot log in', description: 'My password is rejected when I try to log in.' },
    { number: 8, subject: 'Réinitialiser le mot de passe', description: 'Le lien pour réinitialiser mon mot de passe est expiré.' },
    { number: 9, subject: 'Livraison en retard', description: 'Ma livraison devait arriver lundi, le colis n’est toujours pas arrivé.' },
    { number: 10, subject: 'Colis perdu', description: 'Le suivi de la livraison indique que le colis est perdu.' },
    { number: 11, subject: 'Suivi de livraison', description: 'Le numéro de suivi du colis ne donne rien, où est ma livraison?' },
    { number: 12, subject: 'Hello', description: 'Quick question about your opening hours.' },
  ];

  it('reads words without accents, function words or endings, and support words as one term in both languages', () => {
    expect(topicTermsOf('Remboursements refusés pour les commandes')).toEqual([
      { term: '=refund', display: { en: 'refund', fr: 'remboursement' } },
      { term: 'refus', display: { en: 'refusés', fr: 'refusés' } },
      { term: '=order', display: { en: 'order', fr: 'commande' } },
    ]);
    expect(topicTermsOf('My mot de passe and the passwords').map((term) => term.term)).toEqual(['=password', '=password']);
    // References belong to one ticket: never a topic.
    expect(topicTermsOf('Invoice INV-1042 for order A1234, e-mail sent').map((term) => term.term)).toEqual(['=invoice', '=order', '=email']);
  });

  it('groups English and French tickets by what they are about, with keywords, shares and examples', () => {
    const topics = clusterTopics(tickets);
    expect(topics.map((topic) => [topic.keywords.en, topic.size, topic.exampleNumbers])).toEqual([
      [['refund', 'order', 'charge', 'twice'], 4, [1, 4, 2]],
      [['password', 'sign-in'], 4, [5, 6, 8]],
      [['delivery', 'parcel', 'tracking'], 3, [11, 10, 9]],
    ]);
    expect(topics[0]!.keywords.fr).toEqual(['remboursement', 'commande', 'débit', 'deux fois']);
    expect(topics[0]!.share).toBe(0.3333);
    expect(topics[2]!.explanation).toEqual({
      en: '25% of last week’s tickets are about “delivery, parcel, tracking” (3 tickets).',
      fr: '25 % des billets de la dernière semaine portent sur « livraison, colis, suivi » (3 billets).',
    });
  });

  it('finds the same topics whatever the order the tickets come in', () => {
    expect(clusterTopics([...tickets].reverse())).toEqual(clusterTopics(tickets));
    expect(clusterTopics(tickets, { periodDays: 14 })[0]!.explanation.en).toBe('33% of the tickets of the last 14 days are about “refund, order, charge, twice” (4 tickets).');
  });

  it('finds no topic in too few tickets', () => {
    expect(clusterTopics(tickets.slice(0, 3))).toEqual([]);
  });
});

describe('the sentiment of a customer’s message', () => {
  it.each([
    ['en', 'Thank you so much, this is perfect!', 0.855],
    ['en', 'This is not working and your support is useless.', -0.707],
    // One strong word: −1.5 / √(1.5² + 4).
    ['en', 'this is unacceptable', -0.6],
    // Capitals make it a quarter stronger.
    ['en', 'THIS IS UNACCEPTABLE', -0.684],
    ['en', 'I would like to change my shipping address.', 0],
    // A negated negative is mildly positive (−1 × −0.75), a negated positive negative.
    ['en', 'not bad at all', 0.351],
    ['en', 'The app is not very good', -0.389],
    ['en', 'No problem, thanks', 0.401],
    ['fr', 'Merci beaucoup, c’est parfait!', 0.809],
    // (−1 − 1) × 1.1 for the exclamation mark.
    ['fr', 'Ça marche toujours pas, je suis tanné!', -0.74],
    ['fr', 'Je ne suis pas satisfait', -0.351],
    ['fr', 'Ça ne fonctionne plus depuis hier', -0.447],
    // What follows "mais" weighs three times what precedes it.
    ['fr', 'Merci, mais ça ne fonctionne toujours pas', -0.53],
    // Québec: a sacre after a word makes it stronger, "pas pire" is praise, a sacre alone is anger.
    ['fr', 'Chu content en maudit, merci ben!', 0.855],
    ['fr', 'Pas pire pantoute', 0.447],
    ['fr', 'Tabarnak, encore une erreur', -0.781],
    ['fr', 'C’est super!', 0.482],
  ] as const)('%s “%s” scores %s', (language, text, score) => {
    expect(scoreSentiment(text, language).score).toBe(score);
  });

  it('counts swearing in either language, and reads other words in the message’s own language', () => {
    expect(scoreSentiment('this is bullshit', 'fr').score).toBeLessThan(-0.5);
    // "content" is a noun in English, a feeling in French.
    expect(scoreSentiment('the content', 'en').score).toBe(0);
    expect(scoreSentiment('je suis content', 'fr').score).toBeGreaterThan(0.4);
  });

  it('reads only the customer’s own words of a reply', () => {
    expect(ownTextOf('Still broken.\n\nOn Mon, Nov 2, 2026, Support wrote:\n> Glad we could help!')).toBe('Still broken.\n');
    expect(ownTextOf('<p>Merci!</p>\nLe lun. 2 nov. 2026, Soutien a écrit :\n> Parfait')).toBe(' Merci! ');
  });
});

describe('the sentiment trend', () => {
  const day = (index: number, messages: number, scoreSum: number, negative: number) => ({ date: dayOf(index), messages, scoreSum, negative });

  it('averages the days with messages, counts the negative share, and compares the last days with before', () => {
    const days = [day(0, 4, 1.2, 0), ...Array.from({ length: 6 }, (_, index) => day(index + 1, 0, 0, 0)), day(7, 2, -1, 2), ...Array.from({ length: 6 }, (_, index) => day(index + 8, 0, 0, 0))];
    const trend = summarizeSentiment(days, { recentDays: 7, historyWeeks: 2 });
    expect([trend.messages, trend.average, trend.negativeShare, trend.recentAverage, trend.previousAverage]).toEqual([6, 0.033, 0.333, -0.5, 0.3]);
    expect(trend.days[0]).toEqual({ date: '2026-09-28', messages: 4, average: 0.3, negativeShare: 0 });
    expect(trend.days[1]).toEqual({ date: '2026-09-29', messages: 0, average: null, negativeShare: null });
    expect(trend.explanation).toEqual({
      en: 'Customers’ messages read neutral on average (0.03) over the last 2 weeks (6 messages); 33% were negative. The last 7 days read worse (-0.5) than before (0.3).',
      fr: 'Les messages des clients sont neutres en moyenne (0,03) sur les 2 dernières semaines (6 messages) ; 33 % étaient négatifs. Les 7 derniers jours sont moins bons (-0,5) qu’avant (0,3).',
    });
  });

  it('says when there is nothing to read', () => {
    expect(summarizeSentiment([day(0, 0, 0, 0)], { historyWeeks: 8 }).explanation.fr).toBe('Aucun message de client à lire au cours des 8 dernières semaines.');
  });
});
