{{/*
Secrets: one Secret (generated, or the user's) holds every shared secret; each pod mounts only
the keys it reads, as files, through `items`.
*/}}

{{- define "geth-agent.secretName" -}}
{{- .Values.secrets.existingSecret | default (include "geth-agent.name" (list . "network-secrets")) -}}
{{- end -}}

{{/* Whether a role reads the network secret: registration (collected sealers, the genesis), publication (boot). */}}
{{- define "geth-agent.needsNetworkSecret" -}}
{{- $root := index . 0 -}}
{{- $role := index . 1 -}}
{{- $collected := eq $root.Values.signers.mode "collected" -}}
{{- if or (eq $role "boot") (and (eq $role "sealer") $collected) (and (eq $role "genesis") (or $collected $root.Values.boot.enabled)) -}}
true
{{- end -}}
{{- end -}}

{{/* The keys of the shared Secret these values read, as a JSON list. */}}
{{- define "geth-agent.secretKeys" -}}
{{- $keys := list -}}
{{- if include "geth-agent.needsNetworkSecret" (list . "genesis") }}{{ $keys = append $keys "network-secret" }}{{ end -}}
{{- if .Values.genesis.ethstatsCollector }}{{ $keys = append $keys "ethstats-secret" }}{{ end -}}
{{- range $i := until (.Values.sealers.replicas | int) }}{{ $keys = append $keys (printf "sealer-%d-password" $i) }}{{ end -}}
{{- toJson $keys -}}
{{- end -}}

{{/*
The generated Secret's data: what the cluster already holds is kept, key by key (a password of a
sealer scaled down is kept for when it comes back: its keystore needs it), and only missing keys
are generated. Under `helm template` nothing is found and everything is new.
*/}}
{{- define "geth-agent.generatedSecretData" -}}
{{- $old := (lookup "v1" "Secret" .Release.Namespace (include "geth-agent.secretName" .)).data | default dict -}}
{{- $data := deepCopy $old -}}
{{- $keys := include "geth-agent.secretKeys" . | fromJsonArray -}}
{{- $_ := set $data "ethstats-secret" (get $old "ethstats-secret" | default (randAlphaNum 48 | b64enc)) -}}
{{- range $key := $keys -}}
{{- if not (hasKey $data $key) -}}
{{- $_ := set $data $key (randAlphaNum 48 | b64enc) -}}
{{- end -}}
{{- end -}}
{{- toYaml $data -}}
{{- end -}}

{{/* A user's Secret must hold every key (checked where the cluster can be asked). */}}
{{- define "geth-agent.checkExistingSecret" -}}
{{- if .Values.secrets.existingSecret -}}
{{- $found := lookup "v1" "Secret" .Release.Namespace .Values.secrets.existingSecret -}}
{{- if $found -}}
{{- range $key := include "geth-agent.secretKeys" . | fromJsonArray -}}
{{- if not (hasKey ($found.data | default dict) $key) -}}
{{- fail (printf "\n\nsecrets.existingSecret %q has no key %q (needed: %s)." $.Values.secrets.existingSecret $key (include "geth-agent.secretKeys" $)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A Secret volume projecting the given keys (key -> path), mode 0400. */}}
{{- define "geth-agent.secretVolume" -}}
{{- $root := index . 0 -}}
- name: {{ index . 1 }}
  secret:
    secretName: {{ index . 2 | quote }}
    defaultMode: 256  # 0400
    items:
      {{- range $key, $path := index . 3 }}
      - { key: {{ $key }}, path: {{ $path }} }
      {{- end }}
{{- end -}}
