/**
 * The traits of a pod that Pod Security Admission relaxes controls for: Windows pods, which the
 * Linux-only restricted controls skip, and pods in their own user namespace, where root in the
 * container is not root on the node.
 */
import type { PodTemplate } from "./pod-templates";
import { read } from "./violation";

/**
 * Whether the pod declares `spec.os.name: windows`. The API rejects Linux-only security fields
 * (capabilities, seccomp, allowPrivilegeEscalation) on such pods, so the controls that require
 * them exempt these pods.
 */
export function isWindowsPod(pod: PodTemplate): boolean {
    return read(pod.spec, "os", "name") === "windows";
}

/** Whether the pod runs in a user namespace of its own: `spec.hostUsers: false`, exactly. */
export function runsInUserNamespace(pod: PodTemplate): boolean {
    return pod.spec.hostUsers === false;
}
