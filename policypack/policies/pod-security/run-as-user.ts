/**
 * Containers must not run as UID 0, whatever the image says. Pods in a user namespace of their
 * own (`spec.hostUsers: false`) are exempt, since UID 0 there is not root on the node.
 *
 * Restricted fields: `spec.securityContext.runAsUser` and `securityContext.runAsUser` of every
 * container of the three lists.
 * Allowed values: a non-zero UID, unset; anything where `spec.hostUsers` is false.
 */
import { type Finding, isUnset, podSecurityControl } from "../../pod-security-control";
import { runsInUserNamespace } from "../../pod-security-exemptions";
import { securityContextsOf } from "../../pod-templates";
import { read } from "../../violation";

export default podSecurityControl({
    name: "pss-run-as-user",
    checkId: "runAsUser",
    level: "restricted",
    description: "Pods and containers must not set securityContext.runAsUser to 0.",
    severity: "high",
    checklist: "containers run as non-root",
    cis: "5.2.7",
    check(pod) {
        if (runsInUserNamespace(pod)) {
            return [];
        }
        const findings: Finding[] = [];
        for (const ref of securityContextsOf(pod)) {
            const user = read(ref.context, "runAsUser");
            if (!isUnset(user) && !(typeof user === "number" && user !== 0)) {
                findings.push({
                    field: ref.at("runAsUser"),
                    found: user,
                    allowed: "a non-zero UID, unset",
                });
            }
        }
        return findings;
    },
});
