/**
 * A host port binds a container port on the node's own address, bypassing network policy.
 *
 * Restricted fields: `ports[*].hostPort` of every container of the three lists.
 * Allowed values: 0, unset.
 */
import { type Finding, isUnset, podSecurityControl } from "../../pod-security-control";
import { containerField, containersOf } from "../../pod-templates";
import { read } from "../../violation";

export default podSecurityControl({
    name: "pss-host-ports",
    checkId: "hostPorts",
    level: "baseline",
    description: "Containers must not bind host ports.",
    severity: "medium",
    checklist: "no host ports",
    cis: "5.2.13",
    check(pod) {
        const findings: Finding[] = [];
        for (const ref of containersOf(pod)) {
            const ports: unknown = ref.container.ports;
            if (!Array.isArray(ports)) {
                continue;
            }
            ports.forEach((port: unknown, index) => {
                const hostPort = read(port, "hostPort");
                if (!isUnset(hostPort) && hostPort !== 0) {
                    findings.push({
                        field: containerField(ref, `ports[${index}].hostPort`),
                        found: hostPort,
                        allowed: "0, unset",
                    });
                }
            });
        }
        return findings;
    },
});
