{{/*
Names, labels and small shared pieces. Most helpers take (list $ "<role or name>").
*/}}

{{/* An object name: namePrefix (tpl applied) + name. */}}
{{- define "geth-agent.name" -}}
{{- $root := index . 0 -}}
{{- printf "%s%s" (tpl $root.Values.namePrefix $root) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Selector labels of a role's pods. Without a namePrefix they are exactly those of the plain
manifests (selectors are immutable: kustomize users' StatefulSets stay updatable); with one, the
release joins them so that two networks in one namespace never select each other's pods.
*/}}
{{- define "geth-agent.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: geth-agent
app.kubernetes.io/component: {{ index . 1 }}
{{- if $root.Values.namePrefix }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
{{- end }}
{{- end -}}

{{/* Labels of every object (pod templates carry only the selector labels). */}}
{{- define "geth-agent.labels" -}}
{{- $root := index . 0 -}}
{{ include "geth-agent.selectorLabels" . }}
app.kubernetes.io/part-of: geth-agent
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
{{- if not $root.Values.namePrefix }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
{{- end }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "geth-agent.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | toString) -}}
{{- end -}}

{{/* The base URL every node fetches the genesis from (the genesis Service). */}}
{{- define "geth-agent.genesisUrl" -}}
{{- printf "http://%s:%d" (include "geth-agent.name" (list . "genesis")) (.Values.agentPort | int) -}}
{{- end -}}

{{/*
The role values (genesis, boot, sealers, clients) of a role name, e.g. "sealer" -> .Values.sealers.
*/}}
{{- define "geth-agent.roleValues" -}}
{{- $root := index . 0 -}}
{{- $key := get (dict "genesis" "genesis" "boot" "boot" "sealer" "sealers" "client" "clients") (index . 1) -}}
{{- toYaml (get $root.Values $key) -}}
{{- end -}}

{{/* A storage request: `className` "-" is an explicit "" (no dynamic provisioning), "" the cluster default. */}}
{{- define "geth-agent.storageSpec" -}}
accessModes: [ReadWriteOnce]
{{- if eq .className "-" }}
storageClassName: ""
{{- else if .className }}
storageClassName: {{ .className | quote }}
{{- end }}
resources:
  requests:
    storage: {{ .size | quote }}
{{- end -}}

{{/* Pod scheduling: a role's own nodeSelector/tolerations/affinity replace the global ones. */}}
{{- define "geth-agent.scheduling" -}}
{{- $root := index . 0 -}}
{{- $role := index . 1 -}}
{{- $out := dict -}}
{{- range $key := list "nodeSelector" "tolerations" "affinity" -}}
{{- with get $role $key | default (get $root.Values $key) }}{{ $_ := set $out $key . }}{{ end -}}
{{- end -}}
{{- with ($role.priorityClassName | default $root.Values.priorityClassName) }}{{ $_ := set $out "priorityClassName" . }}{{ end -}}
{{- with $root.Values.imagePullSecrets -}}
{{- $secrets := list -}}
{{- range . }}{{ $secrets = append $secrets (dict "name" .) }}{{ end -}}
{{- $_ := set $out "imagePullSecrets" $secrets -}}
{{- end -}}
{{- if $out }}{{ toYaml $out }}{{ end -}}
{{- end -}}

{{/* Pod template annotations: Prometheus scrape hints and the user's own. */}}
{{- define "geth-agent.podAnnotations" -}}
{{- $root := index . 0 -}}
{{- $role := index . 1 -}}
{{- $annotations := merge (deepCopy ($role.podAnnotations | default dict)) (deepCopy $root.Values.podAnnotations) -}}
{{- if $root.Values.metrics.annotations -}}
{{- $_ := set $annotations "prometheus.io/scrape" "true" -}}
{{- $_ := set $annotations "prometheus.io/port" (toString ($root.Values.agentPort | int)) -}}
{{- $_ := set $annotations "prometheus.io/path" "/metrics" -}}
{{- end -}}
{{- if $annotations -}}
annotations:
  {{- toYaml $annotations | nindent 2 }}
{{- end -}}
{{- end -}}
