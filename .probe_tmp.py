import sys
from treatytrack.resolve.parties import default_gazetteer
from treatytrack.text import tokenize, token_string
g=default_gazetteer()
def ts(x): return token_string([w for w,_,_ in tokenize(x)])
for line in sys.stdin:
    x=line.strip()
    if not x: continue
    s=ts(x)
    print(x, '=>', [(s[a:b].strip(), p.code, p.kind.value[:4], p.size) for a,b,p in g.find_all(s)])
