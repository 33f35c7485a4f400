{{/*
Checks across values that values.schema.json cannot express. Each failure names the value and
what to do; nothing is rendered, nothing is changed.
*/}}
{{- define "geth-agent.validate" -}}
{{- $v := .Values -}}
{{- if eq $v.signers.mode "static" -}}
{{- if not $v.signers.static -}}
{{- fail "\n\nsigners.mode=static needs signers.static: the signer addresses of the genesis." -}}
{{- end -}}
{{- if not $v.signers.keysSecret -}}
{{- fail "\n\nsigners.mode=static needs signers.keysSecret: a Secret with each sealer pod's private key under sealer-<ordinal>-private-key (the chart cannot derive keys for given addresses)." -}}
{{- end -}}
{{- else if or $v.signers.static $v.signers.keysSecret -}}
{{- fail "\n\nsigners.static and signers.keysSecret are read only with signers.mode=static; with mode collected the sealers' keys are generated on their volumes." -}}
{{- end -}}
{{- if not $v.boot.enabled -}}
{{- $env := concat $v.extraEnv $v.sealers.extraEnv $v.clients.extraEnv -}}
{{- $found := false -}}
{{- range $env }}{{ if has .name (list "GETH_AGENT_BOOTNODES" "GETH_AGENT_STATIC_NODES") }}{{ $found = true }}{{ end }}{{ end -}}
{{- if not $found -}}
{{- fail "\n\nboot.enabled=false leaves the nodes no way to find each other: set GETH_AGENT_BOOTNODES (or GETH_AGENT_STATIC_NODES) in extraEnv to nodes outside this release, or keep the boot node." -}}
{{- end -}}
{{- end -}}
{{- if and (eq $v.p2p.expose "LoadBalancer") (not $v.p2p.loadBalancer.advertiseDomain) -}}
{{- fail "\n\np2p.expose=LoadBalancer needs p2p.loadBalancer.advertiseDomain: pod <p> advertises <p>.<domain>, a name that must resolve to its Service's external address." -}}
{{- end -}}
{{- if eq $v.p2p.expose "NodePort" -}}
{{- include "geth-agent.checkNodePorts" . -}}
{{- end -}}
{{- if and $v.ingress.enabled (not $v.ingress.host) -}}
{{- fail "\n\ningress.enabled needs ingress.host." -}}
{{- end -}}
{{- include "geth-agent.checkStorage" (list . "boot") -}}
{{- include "geth-agent.checkStorage" (list . "sealer") -}}
{{- include "geth-agent.checkStorage" (list . "client") -}}
{{- end -}}

{{/* Each pod's node port is base.<role> + ordinal: the roles' ranges must not overlap. */}}
{{- define "geth-agent.checkNodePorts" -}}
{{- $v := .Values -}}
{{- $ranges := list -}}
{{- range $role := list "boot" "sealer" "client" -}}
{{- $count := get (dict "boot" (ternary ($v.boot.replicas | int) 0 $v.boot.enabled) "sealer" ($v.sealers.replicas | int) "client" ($v.clients.replicas | int)) $role -}}
{{- $first := get $v.p2p.nodePort.base $role | int -}}
{{- if gt $count 0 -}}
{{- $last := sub (add $first $count) 1 -}}
{{- if or (lt $first 30000) (gt $last 32767) -}}
{{- fail (printf "\n\np2p.nodePort.base.%s=%d: its %d node ports %d-%d leave Kubernetes' default NodePort range 30000-32767." $role $first $count $first $last) -}}
{{- end -}}
{{- range $other := $ranges -}}
{{- if and (le $first (index $other 2)) (ge $last (index $other 1)) -}}
{{- fail (printf "\n\np2p.nodePort.base: the node ports of %s (%d-%d) overlap those of %s (%d-%d); move one base." $role $first $last (index $other 0) (index $other 1) (index $other 2)) -}}
{{- end -}}
{{- end -}}
{{- $ranges = append $ranges (list $role $first $last) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
A StatefulSet's volumeClaimTemplates cannot change: a storage change would fail in the API
server half-way through the upgrade. Refused before anything is applied, with the way to resize.
*/}}
{{- define "geth-agent.checkStorage" -}}
{{- $root := index . 0 -}}
{{- $role := index . 1 -}}
{{- $v := include "geth-agent.roleValues" . | fromYaml -}}
{{- $name := include "geth-agent.name" (list $root $role) -}}
{{- $sts := lookup "apps/v1" "StatefulSet" $root.Release.Namespace $name -}}
{{- range (dig "spec" "volumeClaimTemplates" list $sts) -}}
{{- if eq .metadata.name "data" -}}
{{- $was := .spec.resources.requests.storage | toString -}}
{{- if ne $was ($v.storage.size | toString) -}}
{{- fail (printf "\n\nrefused: %s storage %s -> %s: a StatefulSet's volume claims cannot change. Keep the size %s here and resize each PersistentVolumeClaim data-%s-<ordinal> itself (kubectl patch, if its StorageClass allows expansion)." $role $was ($v.storage.size | toString) $was $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
