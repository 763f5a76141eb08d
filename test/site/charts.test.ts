// @vitest-environment jsdom
// Snapshot tests of the chart components on fixed data (test/site/fixtures.ts),
// in the manner of Plot's own tests: each chart is rendered with jsdom and its
// normalised markup compared with test/site/output/<name>.html; review the diff
// when one changes (vitest -u rewrites them). Beyond the snapshot, each test
// checks what must hold whatever the styling: the three states are shown
// apart in the picture and in its text alternative, and nothing is drawn as zero.
import { describe, expect, it } from 'vitest';
import { component, normalise } from './render.ts';
import { ASSOCIATIONS, COOCCURRENCE, COUNTIES, COUNTY_RATES, CURVES, FUNNEL, GROUP_RATES, IMPACT, INTERSECTIONS, K, MISSING, POLICY_CHANGES, PREVALENCE, QUARTERS, TIMES, TREND_QUARTERS, TREND_RATES, TREND_ROWS } from './fixtures.ts';

const snapshot = (name: string) => `./output/${name}.html`;
const altText = (figure: Element) => figure.querySelector('[role="img"]')!.getAttribute('aria-label')!;

describe('chart components', () => {
  it('barrier heatmap: suppressed cells hatched and labelled, unstable marked', async () => {
    const { barrierHeatmap } = await component('barrier-heatmap');
    const figure = barrierHeatmap(PREVALENCE, { width: 500, k: K, title: 'Barriers by age', id: 'hatch-test' });
    expect(figure.querySelector('pattern#hatch-test')).not.toBeNull();
    expect(figure.querySelectorAll('[fill="url(#hatch-test)"]').length).toBe(1);
    expect(figure.textContent).toContain('supp.');
    expect(figure.textContent).toContain('48%~');
    expect(altText(figure)).toContain('Cost: highest among 65 and over (48.0%), lowest among 25–34 (12.0%); 1 group suppressed (fewer than 11)');
    await expect(normalise(figure)).toMatchFileSnapshot(snapshot('barrier-heatmap'));
  });

  it('barrier table: every cell in words, suppressed as "fewer than k"', async () => {
    const { barrierMatrixTable } = await component('barrier-heatmap');
    const table = barrierMatrixTable(PREVALENCE, { k: K, caption: 'Barriers by age' });
    const cells = [...table.querySelectorAll('tbody td')].map((td: Element) => td.textContent);
    expect(cells).toEqual(['12.0% (10.1% – 14.2%)', '30.0% (27.2% – 32.9%)', '48.0% (30.0% – 67.0%)', '0.0% (0.0% – 13.3%)', 'fewer than 11', '35.0% (22.0% – 50.0%)']);
    expect(table.querySelectorAll('span.unstable').length).toBe(2);
    await expect(normalise(table)).toMatchFileSnapshot(snapshot('barrier-table'));
  });

  it('barriers met together: the share of the row barrier’s requests, suppressed hatched, not symmetric', async () => {
    const { cooccurrenceHeatmap, cooccurrenceTable } = await component('barrier-heatmap');
    const figure = cooccurrenceHeatmap(COOCCURRENCE, { width: 500, k: K, title: 'Barriers met together', id: 'together-test' });
    expect(figure.querySelectorAll('[fill="url(#together-test)"] rect').length).toBe(2);
    expect(figure.textContent).toContain('50%');
    expect(figure.textContent).toContain('25%');
    expect(altText(figure)).toBe('Barriers met together. Of requests that met cost, 50.0% also met wait time; 1 pair suppressed. Of requests that met wait time, 25.0% also met cost. Of requests that met childcare, 30.0% also met wait time; 1 pair suppressed.');
    await expect(normalise(figure)).toMatchFileSnapshot(snapshot('cooccurrence-heatmap'));
    const table = cooccurrenceTable(COOCCURRENCE, { k: K, caption: 'Together' });
    // Columns in order of appearance: wait time, childcare, cost; a barrier with itself has no cell.
    expect([...table.querySelectorAll('tbody tr')].map((tr: Element) => [...tr.children].map((c) => c.textContent))).toEqual([
      ['Cost', '50.0% (45.0% – 55.0%)', 'fewer than 11', ''],
      ['Wait time', '', '1.2% (0.0% – 6.2%)', '25.0% (20.0% – 30.0%)'],
      ['Childcare', '30.0% (25.0% – 35.0%)', '', 'fewer than 11'],
    ]);
    await expect(normalise(table)).toMatchFileSnapshot(snapshot('cooccurrence-table'));
  });

  it('intersection grid: the reference cell outlined and named, suppressed hatched, unstable marked', async () => {
    const { intersectionGrid, intersectionMatrix, intersectionTable } = await component('intersection-grid');
    const figure = intersectionGrid(INTERSECTIONS, { width: 500, k: K, title: 'Favourable by race and gender', id: 'cross-test' });
    expect(figure.querySelectorAll('[fill="url(#cross-test)"]').length).toBe(1);
    expect(figure.querySelectorAll('[stroke-width="3"]').length).toBe(1);
    expect(figure.textContent).toContain('48%~');
    expect(figure.querySelector('figcaption')!.textContent).toContain('Outlined: the reference cell, White × Woman');
    expect(altText(figure)).toBe('Favourable by race and gender. Reference cell White × Woman: 60.0%. Highest White × Woman (60.0%), lowest Black × Woman (46.7%). 1 cell suppressed (fewer than 11, or hidden so that one cannot be worked out).');
    await expect(normalise(figure)).toMatchFileSnapshot(snapshot('intersection-grid'));
    const matrix = intersectionMatrix(INTERSECTIONS, { k: K, caption: 'Race by gender' });
    expect([...matrix.querySelectorAll('tbody td')].map((td: Element) => td.textContent)).toEqual(['60.0% (56.0% – 64.0%) (reference)', '56.7% (52.7% – 60.7%)', '46.7% (42.7% – 50.7%)', '48.0% (44.0% – 52.0%)', 'fewer than 11', '']);
    const table = intersectionTable(INTERSECTIONS, { k: K, caption: 'Cells' });
    const rows = [...table.querySelectorAll('tbody tr')].map((tr: Element) => [...tr.children].map((c) => c.textContent));
    expect(rows[0].slice(0, 5)).toEqual(['White × Woman', '240', '400', '60.0% (56.0% – 64.0%)', '1 (reference)']);
    expect(rows[4].slice(0, 5)).toEqual(['Asian × Woman', 'fewer than 11', 'fewer than 11', 'fewer than 11', 'fewer than 11']);
    await expect(normalise(table)).toMatchFileSnapshot(snapshot('intersection-table'));
  });

  it('benefit chart: medians in dollars with intervals, suppressed and empty groups in words, never $0', async () => {
    const { benefitChart, benefitTable } = await component('benefit-chart');
    const figure = benefitChart(IMPACT, { width: 600, k: K, title: 'Median benefit by program' });
    expect(figure.textContent).toContain('suppressed (fewer than 11 amounts)');
    expect(figure.textContent).toContain('suppressed (hidden with its count of amounts)');
    expect(figure.textContent).toContain('no amount recorded');
    expect(figure.textContent).toContain('unstable');
    expect(altText(figure)).toContain('All cases: median $4,200 ($3,800 to $4,700) over 1,200 amounts, total about $4,800,000.');
    expect(altText(figure)).toContain('org-b/debt: median suppressed (fewer than 11 amounts).');
    await expect(normalise(figure)).toMatchFileSnapshot(snapshot('benefit-chart'));
    const table = benefitTable(IMPACT, { k: K, caption: 'Benefits by program' });
    const rows = [...table.querySelectorAll('tbody tr')].map((tr: Element) => [...tr.children].map((c) => c.textContent));
    expect(rows[1]).toEqual(['org-a/snap', '1,800', '900', '50.0%', '$3,600,000', '$5,300 ($4,900 – $5,800)']);
    expect(rows[3]).toEqual(['org-b/housing', '60', 'fewer than 11, or hidden', '', 'suppressed: hidden with its count', 'suppressed (hidden with its count of amounts)']);
    expect(rows[4][4]).toBe('suppressed: one amount dominates the total');
    await expect(normalise(table)).toMatchFileSnapshot(snapshot('benefit-table'));
  });

  it('rate chart (Outcomes): interval whiskers, the reference named in the caption, suppressed and unstable groups in words', async () => {
    const { rateChart } = await component('rate-chart');
    const figure = rateChart(GROUP_RATES, { width: 600, k: K, title: 'Returns within 12 months by race' });
    expect(figure.textContent).toContain('suppressed (fewer than 11)');
    expect(figure.textContent).toContain('unstable');
    // One dot per group with a rate: none for the suppressed group or the one with no cases.
    expect(figure.querySelectorAll('circle').length).toBe(3);
    expect(figure.querySelector('figcaption')!.textContent).toBe('Returns within 12 months by race. Compared with White, the reference group: named group (configuration).');
    expect(altText(figure)).toContain('Asian: suppressed');
    // A group with no cases at the stage says so in words, in the chart and its text alternative.
    expect(altText(figure)).toContain('Native Hawaiian or Pacific Islander: no rate (no cases at this stage).');
    expect(figure.textContent).toContain('no cases');
    await expect(normalise(figure)).toMatchFileSnapshot(snapshot('rate-chart'));
  });

  it('forest plot of risk ratios: pooled and within-area estimates, suppressed row labelled', async () => {
    const { ratioForest } = await component('ratio-forest');
    const figure = ratioForest(ASSOCIATIONS, { width: 600, k: K, title: 'Barriers and unfavourable outcomes' });
    expect(figure.textContent).toContain('suppressed (fewer than 11)');
    expect(figure.textContent).toContain('unstable');
    expect(altText(figure)).toContain('Cost: 1.25 pooled (1.14 to 1.37), 1.10 within service area (1.00 to 1.21).');
    expect(altText(figure)).toContain('Childcare: suppressed');
    await expect(normalise(figure)).toMatchFileSnapshot(snapshot('ratio-forest'));
  });

  it('forest plot of group rate ratios: the reference at 1, suppressed and uncompared groups labelled, unstable marked', async () => {
    const { groupRatioForest } = await component('ratio-forest');
    const figure = groupRatioForest(GROUP_RATES, { width: 600, k: K, better: 'lower', title: 'Returns within 12 months against the reference group' });
    const text = figure.textContent;
    for (const label of ['reference', 'suppressed (fewer than 11)', 'not compared', 'unstable']) expect(text).toContain(label);
    // One dot per compared group and one for the reference; none for the suppressed or uncompared.
    expect(figure.querySelectorAll('path[fill="#0072B2"]').length).toBe(3);
    expect(altText(figure)).toBe('Returns within 12 months against the reference group. White: the reference group. Black or African American: 1.76 times the reference group\'s rate (1.14 to 2.70). American Indian or Alaska Native: 0.29 times the reference group\'s rate (0.02 to 4.50), unstable. Asian: suppressed (fewer than 11). Native Hawaiian or Pacific Islander: not compared.');
    expect(figure.querySelector('figcaption')!.textContent).toContain('Above 1: a higher rate than the reference group (worse). Each group against White (named group (configuration)).');
    await expect(normalise(figure)).toMatchFileSnapshot(snapshot('group-ratio-forest'));
  });

  it('RRI matrix: reference, significance, unstable, suppressed and not compared each shown in words', async () => {
    const { rriMatrix } = await component('rri-matrix');
    const figure = rriMatrix(FUNNEL, { width: 600, k: K, title: 'Funnel by age', id: 'rri-test' });
    const texts = [...figure.querySelectorAll('text')].map((t: Element) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(['ref.', '0.80*', '1.10~', 'supp.', 'n/c', '1.30*']));
    expect(figure.querySelectorAll('[fill="url(#rri-test)"]').length).toBe(1);
    expect(altText(figure)).toBe('Funnel by age. Accepted (reference 25–34): significantly lower for 65 and over 0.80; no group significantly higher. Favourable (of closed) (reference 25–34): no group significantly lower; significantly higher for 65 and over 1.30; 1 suppressed (fewer than 11).');
    await expect(normalise(figure)).toMatchFileSnapshot(snapshot('rri-matrix'));
  });

  it('RRI table: within-stratum ratios on request, every state in words', async () => {
    const { rriTable } = await component('rri-matrix');
    const table = rriTable(FUNNEL, { k: K, caption: 'Funnel by age', adjusted: true });
    const rows = [...table.querySelectorAll('tbody tr')].map((tr: Element) => [...tr.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['25–34', 'reference group', 'reference group'],
      ['65 and over', '0.86 (0.77 – 0.96); adjusted p 0.020 *', '1.20 (1.01 – 1.43); adjusted p 0.040 *'],
      ['0–17', '1.05 (0.76 – 1.45); adjusted p 0.700; unstable', 'suppressed (fewer than 11)'],
      ['18–24', 'not compared (too few requests)', 'not compared (too few requests)'],
    ]);
  });

  it('group ratio forest with the within-strata estimate beside the pooled one', async () => {
    const { groupRatioForest } = await component('ratio-forest');
    const rows = FUNNEL.filter((r) => r.measure === 'accepted_of_requests');
    const figure = groupRatioForest(rows, { width: 600, k: K, title: 'Accepted by age', withinStrata: 'within service area and organisation' });
    expect(altText(figure)).toBe('Accepted by age. 25–34: the reference group. 65 and over: 0.80 times the reference group\'s rate (0.72 to 0.89); 0.86 within service area and organisation (0.77 to 0.96). 0–17: 1.10 times the reference group\'s rate (0.80 to 1.50); 1.05 within service area and organisation (0.76 to 1.45). 18–24: not compared.');
    expect(figure.textContent).toContain('within service area and organisation');
    expect(figure.querySelector('figcaption')!.textContent).toContain('diamonds within service area and organisation');
  });

  it('Kaplan-Meier curves: only published grid days drawn, the suppressed group named, not drawn', async () => {
    const { survivalChart } = await component('survival-chart');
    const figure = survivalChart(CURVES, TIMES, { width: 600, k: K, title: 'Still open by age' });
    // One path per drawn group, one dot per published point.
    expect(figure.querySelectorAll('g[aria-label] path, svg path').length).toBeGreaterThan(0);
    expect(figure.querySelector('figcaption')!.textContent).toContain('Not drawn (suppressed): 0–17.');
    expect(altText(figure)).toContain('All cases: half closed by 60 days (55 days to 66 days)');
    expect(altText(figure)).toContain('65 and over: half closed by 80 days (75 days to 86 days); three quarters by 160 days; unstable.');
    await expect(normalise(figure)).toMatchFileSnapshot(snapshot('survival-chart'));
  });

  it('county map: suppressed county hatched with "suppressed", a county with no cases grey, never zero', async () => {
    const { countyMap } = await component('county-map');
    const figure = countyMap(COUNTIES, COUNTY_RATES, { width: 400, k: K, title: 'Favourable by county', id: 'county-test' });
    expect(figure.querySelectorAll('[fill="url(#county-test)"]').length).toBe(1);
    expect(figure.textContent).toContain('suppressed');
    expect(figure.textContent).toContain('52%~');
    expect(figure.textContent).not.toContain('0%~');
    expect(altText(figure)).toBe('Favourable by county. Highest in Adams (Washington) (60.0%), lowest in Benton (Washington) (52.0%). Suppressed (fewer than 11): Asotin (Washington).');
    await expect(normalise(figure)).toMatchFileSnapshot(snapshot('county-map'));
  });

  it('quarterly panels: unstable hollow, suppressed quarter labelled', async () => {
    const { quarterChart } = await component('quarter-chart');
    const figure = quarterChart(QUARTERS, { width: 500, k: K, title: 'By quarter', full: ['2024-Q1', '2024-Q2', '2024-Q3'] });
    expect(figure.textContent).toContain('supp.');
    expect(altText(figure)).toBe('By quarter. Favourable (of closed): 58.0% in 2024-Q1, 60.0% in 2024-Q2; 1 quarter suppressed (fewer than 11).');
    await expect(normalise(figure)).toMatchFileSnapshot(snapshot('quarter-chart'));
  });

  it('trend panels: one per group, suppressed and empty quarters labelled apart, partial quarter shaded, policy change marked', async () => {
    const { trendPanels } = await component('quarter-chart');
    const changes = [{ date: '2024-07-01', label: 'Intake moved online' }];
    const figure = trendPanels(TREND_RATES, { quarters: TREND_QUARTERS, trends: TREND_ROWS, changes, width: 800, k: K, title: 'Favourable by quarter' });
    const text = figure.textContent;
    // Each panel's heading: the group, then its trend, on two lines.
    const headings = [...figure.querySelectorAll('text')].map((t: Element) => [...t.querySelectorAll('tspan')].map((l) => l.textContent).join(' / ')).filter(Boolean);
    expect(headings).toEqual(expect.arrayContaining(['All cases / falling', 'Woman / trend suppressed', 'Man / no trend']));
    expect(text).toContain('supp.');
    expect(text).toContain('none');
    expect(text).toContain('Intake moved online');
    // One dot per published rate: neither the suppressed nor the empty quarter is drawn as a point (or as zero).
    expect(figure.querySelectorAll('svg g[stroke-width="1.5"] > *').length).toBe(TREND_RATES.filter((r) => r.rate !== null).length);
    expect(altText(figure)).toBe('Favourable by quarter. All cases: 50.0% in 2024-Q1, 30.0% in 2024-Q4; falling: odds × 0.800 a quarter (95% interval 0.750 to 0.850), 2024-Q1 to 2024-Q3; 2024-Q4 only partly covered by the data. '
      + 'Woman: 52.0% in 2024-Q1, 35.0% in 2024-Q4; trend not published (a quarter of the series is suppressed); suppressed in 2024-Q3 (fewer than 11, or hidden so that one cannot be worked out); unstable in 2024-Q2; 2024-Q4 only partly covered by the data. '
      + 'Man: 48.0% in 2024-Q1, 28.0% in 2024-Q4; no trend: 2 period(s) with cases; a trend needs at least 4; no cases in 2024-Q2; 2024-Q4 only partly covered by the data. Marked: Intake moved online (2024-07-01).');
    expect(figure.querySelector('figcaption')!.textContent).toContain('(2024-Q4)');
    await expect(normalise(figure)).toMatchFileSnapshot(snapshot('trend-panels'));
  });

  it('missingness heatmap: suppressed share hatched', async () => {
    const { missingnessChart } = await component('missingness-chart');
    const figure = missingnessChart(MISSING, { width: 500, k: K, title: 'Missing', id: 'missing-test' });
    expect(figure.querySelectorAll('[fill="url(#missing-test)"]').length).toBe(1);
    expect(altText(figure)).toBe('Missing. Largest gaps: Age band not recorded at org-a (4.0%); Age band not recorded at org-b (0.0%). 1 figure suppressed.');
    await expect(normalise(figure)).toMatchFileSnapshot(snapshot('missingness-chart'));
  });
});

describe('before and after a policy change', () => {
  it('states the estimate with its intervals, or why there is none', async () => {
    const { describePolicyChange } = await component('change');
    const [estimated, refused, suppressed] = POLICY_CHANGES.map(describePolicyChange);
    expect(estimated).toBe('Intake moved online (2024-07-01; Income and benefits, favourable outcome (of closed, accepted), counted by month): the rate fell at the date. '
      + 'Just after it the fitted rate is 48.7%, against 61.3% had the earlier trend gone on (ratio 0.79, 95% interval 0.71 to 0.88); level change odds ratio 0.60 (0.48 to 0.74); '
      + 'change in slope -0.012 log-odds a month (-0.087 to 0.064). 18 months before and 6 after (2023-01 to 2024-12); Durbin–Watson 2.37.');
    expect(refused).toBe('New eligibility rule (2024-10-01; all service areas, accepted, counted by quarter): no estimate, too few quarters to estimate a before/after change: 7 quarter(s) with cases before 2024-10-01 and 1 after; at least 8 are needed on each side.');
    expect(suppressed).toBe('Housing triage (2024-04-01; Housing, favourable outcome (of closed, accepted), counted by month): not published: a month of the series has fewer than 11 cases, and the estimate could give its counts away.');
  });
});

describe('change between periods', () => {
  it("matches Newcombe's (1998) method 10 on his examples 56/70 vs 48/80 and 9/10 vs 3/10", async () => {
    const { rateChange } = await component('change');
    // Wilson 95% limits of each proportion, as the publish step writes them (Newcombe 1998, Table I).
    const { wilson } = await import('../../pipeline/measures/stats/wilson.ts');
    const a = wilson(56, 70), b = wilson(48, 80);
    const c = rateChange({ rate: 48 / 80, rate_lower: b.lower, rate_upper: b.upper }, { rate: 56 / 70, rate_lower: a.lower, rate_upper: a.upper });
    expect(c.difference).toBeCloseTo(0.2, 10);
    expect(c.lower).toBeCloseTo(0.0524, 4);
    expect(c.upper).toBeCloseTo(0.3339, 4);
    expect(c.clear).toBe(true);
    // His example 9/10 vs 3/10: 0.1705 to 0.8090.
    const x = wilson(9, 10), y = wilson(3, 10);
    const d = rateChange({ rate: 0.3, rate_lower: y.lower, rate_upper: y.upper }, { rate: 0.9, rate_lower: x.lower, rate_upper: x.upper });
    expect([d.lower, d.upper].map((v: number) => Number(v.toFixed(4)))).toEqual([0.1705, 0.809]);
  });

  it('is not available when either rate is suppressed, and says so', async () => {
    const { rateChange, describeChange } = await component('change');
    const c = rateChange({ rate: null }, { rate: 0.5, rate_lower: 0.4, rate_upper: 0.6 });
    expect(c).toBeNull();
    expect(describeChange(c, { from: '2024-Q1', to: '2024-Q2' })).toBe('Change from 2024-Q1 to 2024-Q2: not available (a rate is suppressed).');
  });
});

describe('withheld small slices', () => {
  // A breakdown of a slice under disclosure.min_slice_requests is withheld, not
  // suppressed for a small count: the words must say so, not "fewer than k".
  const withheld = { rate_status: 'suppressed', suppression_reason: 'small_slice', numerator: null, denominator: null, rate: null, rate_lower: null, rate_upper: null };

  it('rate chart and table name a withheld group as withheld', async () => {
    const { describeRates, rateTable } = await component('rate-chart');
    const rows = [GROUP_RATES[0], { ...GROUP_RATES[1], ...withheld, ratio_status: 'suppressed', rate_ratio: null }];
    expect(describeRates(rows, { k: K })).toContain('Black or African American: withheld (too few requests to break down; not necessarily a low rate).');
    const status = [...rateTable(rows, { k: K }).querySelectorAll('tbody tr')].map((tr: Element) => tr.querySelectorAll('td')[4].textContent);
    expect(status[1]).toBe('withheld: too few requests to break down (small slice)');
    expect(status[1]).not.toContain(`fewer than ${K}`);
  });

  it('intersection text alternative counts withheld cells apart from suppressed ones', async () => {
    const { describeIntersections } = await component('intersection-grid');
    const rows = [...INTERSECTIONS, { ...INTERSECTIONS[1], row_label: 'Asian', group_a: 'asian', ...withheld }];
    const text = describeIntersections(rows, { k: K });
    expect(text).toContain('1 cell withheld (a group with too few requests to break down).');
    const grid = (await component('intersection-grid')).intersectionGrid(rows, { width: 500, k: K, id: 'withheld-test' });
    expect(grid.textContent).toContain('w/h');
    expect(grid.querySelector('figcaption')!.textContent).toContain('"w/h" (hatched): withheld, a group with too few requests to break down.');
    expect(describeIntersections(rows.map((r) => ({ ...r, ...withheld, is_reference: false })), { k: K })).toBe('No reference cell: nothing compared. Every cell withheld (a group with too few requests to break down).');
  });

  it('tables say withheld, not fewer than k; the missingness summary counts withheld organisations apart', async () => {
    const { statusValue } = await component('figure');
    expect(statusValue(null, { status: 'suppressed', k: K, reason: 'small_slice' }).textContent).toBe('withheld (small slice)');
    expect(statusValue(null, { status: 'suppressed', k: K, reason: 'primary' }).textContent).toBe(`fewer than ${K}`);
    const { intersectionTable } = await component('intersection-grid');
    const table = intersectionTable([{ ...INTERSECTIONS[1], ...withheld }], { k: K });
    expect([...table.querySelectorAll('tbody td')].slice(0, 3).map((td: Element) => td.textContent)).toEqual(['withheld (small slice)', 'withheld (small slice)', 'withheld (small slice)']);
    const { describeMissingness } = await component('missingness-chart');
    const rows = [...MISSING, { ...MISSING[0], org_id: 'org-c', missing_count: null, share: null, status: 'suppressed', suppression_reason: 'small_slice' }];
    expect(describeMissingness(rows, { k: K })).toMatch(/ 1 figure withheld \(an organisation with too few requests to break down\)\.$/);
  });

  it('trend panels list withheld quarters as withheld, and name a group withheld in every quarter instead of drawing it empty', async () => {
    const { describeTrendPanels, trendPanels } = await component('quarter-chart');
    const rows = TREND_RATES.map((r) => (r.group_code === 'man' && r.quarter === '2024-Q1' ? { ...r, ...withheld } : r));
    expect(describeTrendPanels(rows, { k: K })).toContain('withheld (too few requests to break down) in 2024-Q1');
    const partly = trendPanels(rows, { quarters: TREND_QUARTERS, width: 800, k: K });
    expect(partly.textContent).toContain('w/h');
    expect(partly.querySelector('figcaption')!.textContent).toContain('"w/h": withheld, a quarter or group with too few requests to break down.');
    const manWithheld = TREND_RATES.map((r) => (r.group_code === 'man' ? { ...r, ...withheld } : r));
    const figure = trendPanels(manWithheld, { quarters: TREND_QUARTERS, width: 800, k: K });
    expect(altText(figure)).toMatch(/Not drawn, every quarter withheld \(too few requests to break down\): Man\.$/);
    const none = trendPanels(TREND_RATES.map((r) => ({ ...r, ...withheld })), { quarters: TREND_QUARTERS, width: 800, k: K, title: 'Favourable by quarter' });
    expect(none.textContent).toBe('Favourable by quarter. No group is drawn. Not drawn, every quarter withheld (too few requests to break down): All cases, Woman, Man.');
  });
});
