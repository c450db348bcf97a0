/**
 * How a container's field is named in a violation: the field path from the object's root with
 * the container's name after its index, so that a reader finds it in the manifest either way:
 * `spec.template.spec.initContainers[0] ("migrate").securityContext.readOnlyRootFilesystem`.
 */
import type { ContainerRef } from "./pod-templates";

/** The full path of `field` (dotted, may be empty) in the container `ref`. */
export function containerField(ref: ContainerRef, field: string = ""): string {
    const container = `${ref.path} (${JSON.stringify(ref.name)})`;
    return field === "" ? container : `${container}.${field}`;
}
