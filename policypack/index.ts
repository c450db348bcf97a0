import { PolicyPack } from "@pulumi/policy";

import { BaselinePolicy, cisFramework } from "./catalog";
import { discoverPolicies } from "./discover";
import { shareDeserializedProperties } from "./shared-properties";

// eslint-disable-next-line @typescript-eslint/no-require-imports
shareDeserializedProperties(require("@pulumi/policy/deserialize"));

/**
 * A single-type policy's validation, marked with its type the way `validateResourceOfType` marks
 * it, which is what the server's fast path for other types looks for.
 */
function typedValidation(policy: BaselinePolicy) {
    if (
        !policy.resourceType ||
        !("validateResource" in policy) ||
        typeof policy.validateResource !== "function"
    ) {
        return {};
    }
    const validate = policy.validateResource;
    const typed: typeof validate & { __pulumiType?: string } = (args, report) =>
        validate(args, report);
    typed.__pulumiType = policy.resourceType;
    return { validateResource: typed };
}

/**
 * The container-security baseline policy pack. Every policy defaults to mandatory; a stack's
 * policy config (`config/dev.json`, `config/prod.json`) lowers or raises each one.
 */
new PolicyPack("container-security-baseline", {
    enforcementLevel: "mandatory",
    policies: discoverPolicies().map((policy) => ({
        ...policy,
        ...typedValidation(policy),
        framework: policy.framework ?? cisFramework(policy.cis),
    })),
});
