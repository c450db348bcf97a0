/** Every policy file of the pod-security area, loaded as the pack's discovery loads it. */
import * as fs from "fs";
import * as path from "path";

import type { PodSecurityPolicy } from "../../../policypack/pod-security-control";

const AREA_DIR = path.join(__dirname, "../../../policypack/policies/pod-security");

/** The default export of every `policies/pod-security/*.ts`, in file-name order. */
export function podSecurityPolicies(): PodSecurityPolicy[] {
    return fs
        .readdirSync(AREA_DIR)
        .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
        .sort()
        .map((file) => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            return require(path.join(AREA_DIR, file)).default as PodSecurityPolicy;
        });
}
