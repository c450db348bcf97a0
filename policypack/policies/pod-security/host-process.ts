/**
 * Windows HostProcess containers run as processes on the node, with the node's privileges.
 *
 * Restricted fields: `spec.securityContext.windowsOptions.hostProcess` and
 * `securityContext.windowsOptions.hostProcess` of every container of the three lists.
 * Allowed values: false, unset.
 */
import { type Finding, isUnset, podSecurityControl } from "../../pod-security-control";
import { securityContextsOf } from "../../pod-templates";
import { read } from "../../violation";

export default podSecurityControl({
    name: "pss-host-process",
    checkId: "windowsHostProcess",
    level: "baseline",
    description: "Pods and containers must not run as Windows HostProcess containers.",
    severity: "critical",
    checklist: "no Windows HostProcess containers",
    cis: "5.2.11",
    check(pod) {
        const findings: Finding[] = [];
        for (const ref of securityContextsOf(pod)) {
            const hostProcess = read(ref.context, "windowsOptions", "hostProcess");
            if (!isUnset(hostProcess) && hostProcess !== false) {
                findings.push({
                    field: ref.at("windowsOptions.hostProcess"),
                    found: hostProcess,
                    allowed: "false, unset",
                });
            }
        }
        return findings;
    },
});
