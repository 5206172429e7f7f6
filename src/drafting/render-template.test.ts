import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SPEC_CAMPAIGNS } from "../campaigns/spec-campaigns.ts";
import { stepProblems } from "../campaigns/validate-definition.ts";
import { MERGE_FIELD_NAMES, type MergeSource } from "./merge-fields.ts";
import { renderTemplate, templateProblems } from "./render-template.ts";
import { renderTemplateDraft } from "./template-drafter.ts";
import { isUnfinished, unfinishedParts } from "./unfinished.ts";

const priya: MergeSource = {
  contact: { full_name: "Priya  Raman Iyer", title: "CMO", email: "priya@northwind.test" },
  account: { name: "Northwind Commerce", domain: "northwind.test", vertical: "retail" },
  sender: { full_name: "Justin Exec", email: "justin@demo.test" },
  senderName: "Baton",
  campaign: { name: "B2B eCommerce World outreach" },
  enrollment: { goal: "pipeline" },
};

describe("templateProblems: the one check at save", () => {
  it("accepts merge fields, fallbacks, the listed filters and tags", () => {
    const ok = [
      'Hi {{contact.first_name | default: "there"}},',
      "{{ account.name | upcase }} and {{sender.full_name}}",
      "{% if contact.title %}As {{contact.title | downcase}}{% else %}Hello{% endif %}",
      '{% case enrollment.goal %}{% when "pipeline" %}p{% else %}x{% endcase %}',
      "{% comment %}note{% endcomment %}{{ campaign.name | truncate: 20 }}",
      "plain text, no fields at all [even brackets]",
    ];
    for (const t of ok) expect(templateProblems(t, "step 1 body"), t).toEqual([]);
  });

  it("names the step, the part and the field, with the fields it knows", () => {
    const [m] = templateProblems("Hi {{contact.frist_name}}", "step 2 body");
    expect(m).toBe(
      "step 2 body: {{contact.frist_name}} is not a merge field (did you mean {{contact.first_name}}?); known: contact.first_name, contact.last_name, contact.full_name, contact.title, contact.email",
    );
    expect(templateProblems("{{ deal.amount }}", "step 1 subject")[0]).toMatch(
      /^step 1 subject: \{\{deal\.amount\}\} is not a merge field; known: contact\.first_name, .*enrollment\.goal$/,
    );
    // nothing deeper than object.field, and no whole objects
    expect(templateProblems("{{ contact.first_name.size }}", "s")[0]).toMatch(/not a merge field/);
    expect(templateProblems("{{ contact }}", "s")[0]).toMatch(/not a merge field/);
    expect(templateProblems("{{ contact.constructor }}", "s")[0]).toMatch(/not a merge field/);
  });

  it("refuses what does not parse, other filters and tags, file includes", () => {
    expect(templateProblems("Hi {{ contact.first_name", "step 3 body")[0]).toMatch(
      /^step 3 body: the template does not parse: .*not closed \(line 1, column 4\)$/,
    );
    expect(templateProblems("{{ account.name | slice: 0, 2 }}", "step 1 body")[0]).toMatch(
      /^step 1 body: the filter 'slice' is not allowed; use default, capitalize, upcase, downcase/,
    );
    for (const t of [
      '{% include "secrets" %}',
      '{% render "x" %}',
      '{% layout "x" %}',
      "{% assign a = 1 %}",
      "{% for x in y %}{% endfor %}",
      "{% raw %}{{{% endraw %}",
    ]) {
      expect(templateProblems(t, "step 1 body")[0], t).toMatch(/^step 1 body: \{% \w+ %\} is not allowed/);
    }
    expect(templateProblems("x".repeat(301), "step 1 subject", 300)[0]).toBe(
      "step 1 subject: 301 characters; at most 300",
    );
  });
});

describe("renderTemplate", () => {
  it("fills fields and fallbacks as text, never HTML-escaped (the email channel escapes)", () => {
    const r = renderTemplate(
      'Hi {{contact.first_name | default: "there"}} {{contact.last_name}} at {{account.name}} <{{sender.email}}>',
      { ...priya, account: { name: "Acme & <Sons>", vertical: null } },
    );
    expect(r).toEqual({
      text: "Hi Priya Raman Iyer at Acme & <Sons> <justin@demo.test>",
      missing: [],
      failed: false,
    });
  });

  it("shows a field with no value and no fallback as [field], so the draft waits for a person", () => {
    const lone = { ...priya, contact: { full_name: "Cher", title: null, email: null }, account: null };
    const r = renderTemplate(
      'Hi {{contact.first_name}} {{contact.last_name | upcase}}, as {{contact.title | default: "a leader"}} at {{account.name | capitalize}}',
      lone,
    );
    expect(r.text).toBe("Hi Cher [contact.last_name], as a leader at [account.name]");
    expect(r.missing).toEqual(["contact.last_name", "account.name"]);
    expect(isUnfinished(unfinishedParts(null, r.text))).toBe(true);
  });

  it("a subject is one line; the sender falls back to the signature name", () => {
    const r = renderTemplate(
      "{{ sender.first_name }},\n  about   {{account.name}}\n",
      { ...priya, sender: null },
      { subject: true },
    );
    expect(r.text).toBe("Baton, about Northwind Commerce");
    expect(renderTemplate("a\n\n\n\nb  \n", priya).text).toBe("a\n\nb");
    expect(renderTemplate("{{ a", priya).failed).toBe(true);
  });

  const value = fc.oneof(
    fc.constant(null),
    fc.string(),
    fc.string({ unit: fc.constantFrom("{", "}", "%", "[", "]", "|", " ", "a", "<", "&", "\n") }),
  );
  const source = fc.record({
    contact: fc.record({ full_name: fc.string(), title: value, email: value }),
    account: fc.option(fc.record({ name: fc.string(), domain: value, vertical: value })),
    sender: fc.option(fc.record({ full_name: fc.string(), email: value })),
    senderName: fc.string(),
    campaign: fc.record({ name: fc.string() }),
    enrollment: fc.record({ goal: value }),
  }) as fc.Arbitrary<MergeSource>;
  const demoTemplates = SPEC_CAMPAIGNS.flatMap((c) =>
    c.steps.flatMap((s) => [s.subject_template, s.body_template].filter((t): t is string => !!t)),
  );
  const everyField = MERGE_FIELD_NAMES.map(
    (f, i) => `{{${f}${i % 2 ? ' | default: "x"' : i % 3 ? " | capitalize" : ""}}}`,
  ).join(" ");
  const templates = [...demoTemplates, everyField];

  it("never throws on any contact's values, and leaves no {{ or {% of its own", () => {
    fc.assert(
      fc.property(fc.constantFrom(...templates), source, fc.boolean(), (t, s, subject) => {
        const r = renderTemplate(t, s, { subject });
        expect(r.failed).toBe(false);
        // what the values bring is theirs; with their braces taken out, none is left
        const strip = (v: unknown): unknown =>
          typeof v === "string"
            ? v.replace(/[{}%]/g, "")
            : v && typeof v === "object"
              ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x)]))
              : v;
        const clean = renderTemplate(t, strip(s) as MergeSource, { subject });
        expect(clean.text).not.toMatch(/\{\{|\{%|%\}|\}\}/);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the demo's written steps", () => {
  it("pass the check at save", () => {
    for (const c of SPEC_CAMPAIGNS) expect(stepProblems(c.steps), c.slug).toEqual([]);
    const written = SPEC_CAMPAIGNS.flatMap((c) => c.steps).filter((s) => s.body_template);
    expect(written.length).toBe(SPEC_CAMPAIGNS.flatMap((c) => c.steps).length);
  });

  it("draft as finished copy for every step and goal: the contact's name, no note, no bracket", () => {
    for (const c of SPEC_CAMPAIGNS) {
      for (const st of c.steps) {
        for (const goal of [null, "awareness", "credibility", "pipeline", "marketing_relief"]) {
          const out = renderTemplateDraft({
            contact: {
              contact_id: "c1",
              full_name: "Priya Raman",
              title: null,
              email: "p@x.test",
              linkedin_url: null,
            },
            account: { name: "Northwind Commerce", vertical: null, segment: null, icp_tier: "T1" },
            campaign: { slug: c.slug, name: c.name, kind: c.kind ?? "sales", type: c.type },
            step: { ...st, channel: st.channel as "email" | "linkedin" },
            enrollment: { goal, notes: null },
            senderName: "Baton",
            sender: { full_name: "Justin Exec", email: null },
          });
          const where = `${c.slug} step ${st.step_number} goal ${goal}`;
          expect(isUnfinished(unfinishedParts(out.subject, out.body)), `${where}: ${out.body}`).toBe(false);
          expect(out.body, where).toMatch(/^Hi Priya,/);
          expect(out.body, where).toMatch(/\nJustin$/);
          expect(out.subject === null, where).toBe(st.channel === "linkedin");
          expect(out.subject ?? "", where).not.toMatch(/speaking today/i);
        }
      }
    }
  });
});
