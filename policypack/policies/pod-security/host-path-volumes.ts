/**
 * A hostPath volume mounts the node's own file system into the pod.
 *
 * Restricted fields: `spec.volumes[*].hostPath`.
 * Allowed values: unset.
 */
import { type Finding, isUnset, podSecurityControl } from "../../pod-security-control";
import { volumesOf } from "../../pod-templates";

export default podSecurityControl({
    name: "pss-host-path-volumes",
    checkId: "hostPathVolumes",
    level: "baseline",
    description: "Pods must not mount hostPath volumes.",
    severity: "high",
    checklist: "no hostPath volumes",
    cis: "5.2.12",
    check(pod) {
        const findings: Finding[] = [];
        for (const volume of volumesOf(pod)) {
            if (!isUnset(volume.volume.hostPath)) {
                findings.push({
                    field: volume.at("hostPath"),
                    found: volume.volume.hostPath,
                    allowed: "unset (no hostPath volumes)",
                });
            }
        }
        return findings;
    },
});
