import * as fs from "fs";
import * as path from "path";

import type { BaselinePolicy } from "./catalog";

/** The folder that holds one subfolder per area, each file in it one policy. */
export const POLICIES_DIR = path.join(__dirname, "policies");

function isPolicyFile(file: string): boolean {
    if (file.endsWith(".d.ts")) {
        return false;
    }
    return file.endsWith(".ts") || file.endsWith(".js");
}

/**
 * Loads every policy of the pack: each `policies/<area>/<policy>.ts` default-exports one policy,
 * so adding a policy is adding a file. Order is by area, then file name, so the pack's output is
 * stable from run to run.
 */
export function discoverPolicies(dir: string = POLICIES_DIR): BaselinePolicy[] {
    const policies: BaselinePolicy[] = [];
    const seen = new Map<string, string>();
    for (const area of fs.readdirSync(dir).sort()) {
        const areaDir = path.join(dir, area);
        if (!fs.statSync(areaDir).isDirectory()) {
            continue;
        }
        for (const file of fs.readdirSync(areaDir).filter(isPolicyFile).sort()) {
            const where = path.join(area, file);
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const policy = require(path.join(areaDir, file)).default as BaselinePolicy | undefined;
            if (!policy || typeof policy.name !== "string") {
                throw new Error(`policy file ${where} has no default export of a policy`);
            }
            const twin = seen.get(policy.name);
            if (twin) {
                throw new Error(
                    `policy name "${policy.name}" is defined twice: ${twin} and ${where}`,
                );
            }
            seen.set(policy.name, where);
            policies.push(policy);
        }
    }
    return policies;
}
