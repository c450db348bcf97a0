/**
 * Prints the README's table of the pack's policies from the policies themselves, so the table
 * cannot drift from the code: `npm run -s policy-table`.
 */
import { discoverPolicies } from "../policypack/discover";

/** One markdown table of every policy: name, what it checks, checklist item, CIS id, default level. */
export function policyTable(): string {
    const rows = discoverPolicies().map((p) => {
        const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\s+/g, " ").trim();
        return `| \`${p.name}\` | ${cell(p.description)} | ${cell(p.checklist)} | ${p.cis ?? "-"} | ${p.enforcementLevel ?? "mandatory"} |`;
    });
    return [
        "| policy | what it checks | checklist item | CIS | default |",
        "|---|---|---|---|---|",
        ...rows,
    ].join("\n");
}

if (require.main === module) {
    process.stdout.write(policyTable() + "\n");
}
