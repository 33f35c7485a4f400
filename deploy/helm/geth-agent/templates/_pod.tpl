{{/*
Pieces of every agent pod: security, probes, grace, the agent's fixed environment.
*/}}

{{/* uid/gid 10001 = the image's USER (numeric, so runAsNonRoot can verify it). */}}
{{- define "geth-agent.podSpecCommon" -}}
enableServiceLinks: false
automountServiceAccountToken: false
terminationGracePeriodSeconds: {{ add (.Values.stopGraceSeconds | int) (.Values.stopGraceMarginSeconds | int) }}
securityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  fsGroup: 10001
  fsGroupChangePolicy: OnRootMismatch
  seccompProfile:
    type: RuntimeDefault
{{- end -}}

{{- define "geth-agent.containerSecurityContext" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop: [ALL]
{{- end -}}

{{/* The three probes of a role: fixed paths on the agent port, timings from values (role over global). */}}
{{- define "geth-agent.probes" -}}
{{- $root := index . 0 -}}
{{- $probes := mergeOverwrite (deepCopy $root.Values.probes) (deepCopy ((index . 1).probes | default dict)) -}}
{{- $readinessPath := "/health" -}}
{{- with $probes.readiness.query }}{{ $readinessPath = printf "/health?%s" . }}{{ end -}}
startupProbe:
  httpGet: { path: /health/live, port: agent }
  {{- toYaml $probes.startup | nindent 2 }}
livenessProbe:
  httpGet: { path: /health/live, port: agent }
  {{- toYaml $probes.liveness | nindent 2 }}
readinessProbe:
  httpGet: { path: {{ $readinessPath | quote }}, port: agent }
  {{- toYaml (omit $probes.readiness "query") | nindent 2 }}
{{- end -}}

{{/* Environment every agent gets after its role's own, ending with the user's extra entries. */}}
{{- define "geth-agent.envTail" -}}
{{- $root := index . 0 -}}
- name: GETH_AGENT_STOP_GRACE_SECONDS
  value: {{ $root.Values.stopGraceSeconds | int | toString | quote }}
{{- with $root.Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- with (index . 1).extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Init container of reporting nodes: writes "<pod>:<secret>@<genesis>:<port>" into a memory volume,
so the ethstats secret reaches the agent as a file (GETH_AGENT_ETHSTATS_FILE), never as env.
*/}}
{{- define "geth-agent.ethstatsInit" -}}
- name: ethstats-target
  image: {{ include "geth-agent.image" . }}
  imagePullPolicy: {{ .Values.image.pullPolicy }}
  command: ["/bin/sh", "-c", "umask 077 && printf '%s:%s@{{ include "geth-agent.name" (list . "genesis") }}:{{ .Values.agentPort | int }}' \"$POD_NAME\" \"$$(cat /run/secrets/ethstats/ethstats-secret)\" > /run/ethstats/target"]
  env:
    - name: POD_NAME
      valueFrom:
        fieldRef: { fieldPath: metadata.name }
  {{- include "geth-agent.containerSecurityContext" . | nindent 2 }}
  resources:
    requests: { cpu: 10m, memory: 16Mi }
    limits: { memory: 64Mi }
  volumeMounts:
    - { name: ethstats-target, mountPath: /run/ethstats }
    - { name: ethstats-secret, mountPath: /run/secrets/ethstats, readOnly: true }
{{- end -}}
