import { PolicyPack } from "@pulumi/policy";

import { cisFramework } from "./catalog";
import { discoverPolicies } from "./discover";
import { shareDeserializedProperties } from "./shared-properties";

// eslint-disable-next-line @typescript-eslint/no-require-imports
shareDeserializedProperties(require("@pulumi/policy/deserialize"));

/**
 * The container-security baseline policy pack. Every policy defaults to mandatory; a stack's
 * policy config (`config/dev.json`, `config/prod.json`) lowers or raises each one.
 */
new PolicyPack("container-security-baseline", {
    enforcementLevel: "mandatory",
    policies: discoverPolicies().map((policy) => ({
        ...policy,
        framework: policy.framework ?? cisFramework(policy.cis),
    })),
});
