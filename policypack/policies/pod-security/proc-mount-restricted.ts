/**
 * At the restricted level the default masked /proc is required even in a user namespace of the
 * pod's own (Kubernetes 1.35 relaxed only the baseline control).
 *
 * Restricted fields: `securityContext.procMount` of every container of the three lists.
 * Allowed values: "Default", unset.
 */
import { podSecurityControl } from "../../pod-security-control";
import { unmaskedProcMounts } from "./proc-mount";

export default podSecurityControl({
    name: "pss-proc-mount-restricted",
    checkId: "procMount_restricted",
    level: "restricted",
    description: "Containers must keep the default masked /proc, in a user namespace or not.",
    severity: "medium",
    checklist: "default /proc masks kept",
    check: unmaskedProcMounts,
});
