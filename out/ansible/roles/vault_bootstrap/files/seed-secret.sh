# Run by secrets.yml inside a Vault pod: sh -c "$(cat seed-secret.sh)" seed MOUNT PATH KEY LENGTH CHARS
# with the token as stdin. Writes a random value for KEY at PATH only if the key is absent,
# keeping the path's other keys. The value is drawn inside the pod and never leaves Vault:
# nothing prints it. Prints "present" or "written".
read -r VAULT_TOKEN || exit 3
export VAULT_TOKEN
mount=$1 path=$2 key=$3 length=$4 chars=$5

if err=$(vault kv get -mount="$mount" -field="$key" "$path" 2>&1 >/dev/null); then
  echo present
  exit 0
fi
case $err in
  *"No value found"* | *"not present in secret"*) ;;
  *) echo "$err" >&2; exit 1 ;;
esac

value=$(tr -dc "$chars" </dev/urandom | head -c "$length")
if [ "${#value}" -ne "$length" ]; then
  echo "could not draw $length characters" >&2
  exit 1
fi
if vault kv metadata get -mount="$mount" "$path" >/dev/null 2>&1; then
  # A patch keeps the path's other keys.
  printf %s "$value" | vault kv patch -mount="$mount" "$path" "$key=-" >/dev/null || exit 1
else
  # -cas=0 writes only if the path still does not exist.
  printf %s "$value" | vault kv put -mount="$mount" -cas=0 "$path" "$key=-" >/dev/null || exit 1
fi
echo written
