/**
 * No Istio AuthorizationPolicy (security.istio.io v1 or v1beta1) allows every request. In
 * Istio an ALLOW policy (`action` ALLOW or unset) lets a request through when any of its rules
 * matches it, and a rule matches when all of its `from`, `to` and `when` match. So:
 *
 * - a rule with no `from`, `to` or `when` (`rules: [{}]`) matches every request: allow-all;
 * - an empty list, a `from` entry with an empty `source` or a `to` entry with an empty
 *   `operation` constrains nothing (Istio's validation rejects those; they are reported too,
 *   as the pack may run before it);
 * - a `to` entry whose only constraints are `*` in paths, methods or hosts matches every HTTP
 *   request, and is reported as well;
 * - an ALLOW policy with no rules at all matches nothing, which denies every request in its
 *   scope (the "allow-nothing" policy): that is not reported.
 *
 * DENY, AUDIT and CUSTOM policies are out of scope: a match-everything rule there denies,
 * audits or delegates, it does not allow.
 *
 * LIMITATION: `from` constraints that are wildcards in effect (`principals: ["*"]`, any
 * authenticated peer) count as constraints, since requiring mutual TLS identity is a real one.
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { isKindOf } from "../../kubernetes-types";
import { fieldViolation, read, shown, subjectOf } from "../../violation";

const ISTIO_SECURITY_GROUP = "security.istio.io";

/** Operation fields in which `*` is a presence match, matching any value. */
const PRESENCE_FIELDS = ["paths", "methods", "hosts"];

function isObject(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** True when an object sets no constraint: every field absent, null, empty string or list. */
function constrainsNothing(value: unknown): boolean {
    if (!isObject(value)) {
        return true;
    }
    return Object.values(value).every(
        (field) =>
            field === undefined ||
            field === null ||
            field === "" ||
            (Array.isArray(field) && field.length === 0),
    );
}

/** True when an operation's only constraints are `*` in fields where it matches anything. */
function matchesAnyHttpRequest(operation: unknown): boolean {
    if (!isObject(operation) || constrainsNothing(operation)) {
        return false;
    }
    return Object.entries(operation).every(([field, value]) => {
        if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
            return true;
        }
        return PRESENCE_FIELDS.includes(field) && Array.isArray(value) && value.includes("*");
    });
}

/** Why a rule matches every request, or undefined when it constrains something. */
function allowAllReason(rule: unknown): string | undefined {
    if (!isObject(rule)) {
        return undefined;
    }
    const from = rule.from;
    const to = rule.to;
    const when = rule.when;
    const anySource =
        !Array.isArray(from) ||
        from.length === 0 ||
        from.some((entry) => constrainsNothing(read(entry, "source")));
    const anyConditions = !Array.isArray(when) || when.length === 0;
    if (!anySource || !anyConditions) {
        return undefined;
    }
    if (!Array.isArray(to) || to.length === 0) {
        return "it has no source, operation or condition, so it matches every request";
    }
    if (to.some((entry) => constrainsNothing(read(entry, "operation")))) {
        return "its source and operation constrain nothing, so it matches every request";
    }
    if (to.some((entry) => matchesAnyHttpRequest(read(entry, "operation")))) {
        return 'its operation only has "*" matches, so it matches every HTTP request';
    }
    return undefined;
}

const policy: BaselineResourcePolicy = {
    name: "mesh-no-allow-all-authorization",
    description:
        "No Istio AuthorizationPolicy with action ALLOW (or unset) has a rule that matches every request, such as rules: [{}] or rules with empty from/to; an ALLOW policy without rules (allow-nothing) is fine.",
    severity: "high",
    checklist: "no allow-all mesh authorization policy",
    validateResource: (args, reportViolation) => {
        if (!isKindOf(args.type, ISTIO_SECURITY_GROUP, ["AuthorizationPolicy"])) {
            return;
        }
        const action = read(args.props, "spec", "action");
        if (action !== undefined && action !== null && action !== "" && action !== "ALLOW") {
            return;
        }
        const rules = read(args.props, "spec", "rules");
        if (!Array.isArray(rules)) {
            return;
        }
        const subject = subjectOf(args.type, args.props, args.name);
        rules.forEach((rule: unknown, index: number) => {
            const reason = allowAllReason(rule);
            if (reason !== undefined) {
                reportViolation(
                    `${fieldViolation(subject, `spec.rules[${index}]`, rule, "rules that name the sources, operations or conditions they allow")} (${reason}; action is ${shown(action ?? "ALLOW")})`,
                );
            }
        });
    },
};

export default policy;
