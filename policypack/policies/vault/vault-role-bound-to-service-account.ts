/**
 * A Vault Kubernetes auth role binds named service accounts in named namespaces: no `*` (or any
 * glob) in `boundServiceAccountNames` or `boundServiceAccountNamespaces`, neither list empty,
 * and no namespace label selector that matches every namespace. A wildcard lets any pod of the
 * cluster, or any namespace's service account of that name, log in with the role's policies.
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { knownString, readKnown } from "../../known-values";
import { fieldViolation } from "../../violation";

const NAME = "vault-role-bound-to-service-account";

/** True for a selector that selects every namespace: empty, `{}`, or one without any terms. */
function selectsEverything(selector: string): boolean {
    const text = selector.trim();
    if (text === "" || /^\{\s*\}$/.test(text)) {
        return true;
    }
    try {
        const parsed = JSON.parse(text) as Record<string, unknown>;
        const labels = parsed.matchLabels as Record<string, unknown> | undefined;
        const expressions = parsed.matchExpressions as unknown[] | undefined;
        return Object.keys(labels ?? {}).length === 0 && (expressions ?? []).length === 0;
    } catch {
        // A YAML selector: it selects something when it names a label or an expression.
        return !/matchLabels\s*:\s*\S|matchExpressions\s*:\s*\S|^\s*-\s/m.test(text);
    }
}

const policy: BaselineResourcePolicy = {
    name: NAME,
    description:
        "Vault Kubernetes auth roles bind explicit service account names and namespaces: no wildcard, no empty list, no selector that matches every namespace.",
    severity: "high",
    checklist: "Vault roles are bound to one workload's service account",
    resourceType: "vault:kubernetes/authBackendRole:AuthBackendRole",
    validateResource: (args, reportViolation) => {
        if (args.type !== policy.resourceType) {
            return;
        }
        const subject = `AuthBackendRole ${knownString(args.props, "roleName") ?? args.name}`;

        const names = readKnown(args.props, "boundServiceAccountNames");
        if (names.known) {
            const list = Array.isArray(names.value) ? names.value : [];
            if (list.length === 0 || list.some((n) => typeof n !== "string" || n.includes("*"))) {
                reportViolation(
                    fieldViolation(
                        subject,
                        "boundServiceAccountNames",
                        names.value,
                        "one or more service account names without *",
                    ),
                );
            }
        }

        const namespaces = readKnown(args.props, "boundServiceAccountNamespaces");
        const selector = readKnown(args.props, "boundServiceAccountNamespaceSelector");
        if (!namespaces.known) {
            return;
        }
        const list = Array.isArray(namespaces.value) ? namespaces.value : [];
        if (list.some((n) => typeof n !== "string" || n.includes("*"))) {
            reportViolation(
                fieldViolation(
                    subject,
                    "boundServiceAccountNamespaces",
                    namespaces.value,
                    "namespace names without *",
                ),
            );
        } else if (list.length === 0) {
            if (!selector.known) {
                return;
            }
            const text = typeof selector.value === "string" ? selector.value : undefined;
            if (text === undefined || selectsEverything(text)) {
                reportViolation(
                    fieldViolation(
                        subject,
                        text === undefined
                            ? "boundServiceAccountNamespaces"
                            : "boundServiceAccountNamespaceSelector",
                        text === undefined ? namespaces.value : text,
                        "one or more namespace names, or a selector that names labels",
                    ),
                );
            }
        }
    },
};

export default policy;
