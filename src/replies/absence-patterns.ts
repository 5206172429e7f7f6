// The out-of-office rule's patterns (intent-rules.ts "ooo.autoreply"), in the seven languages, on
// normalised text (rule-classifier.ts). The return date is return-date.ts's; a colleague's own words
// inside an auto-reply are covering-inbox.ts's.

export const ABSENCE_PATTERNS: RegExp[] = [
  // en
  /\bout of (the )?office\b/,
  /\booo\b/,
  /\b(automatic|auto)[- ]?(reply|response)\b/,
  /\bon (annual |parental |maternity |paternity |medical |sick |holiday |vacation )?leave\b/,
  /\b(currently|presently) (away|out|travel(l)?ing|on (vacation|holiday|leave|pto))\b/,
  /\bi('m| am) (away|out|on (vacation|holiday|pto|leave))\b.*\b(until|till|through|back|return)/,
  // the person's absence told by whoever reads the inbox: "while she is away until 12 January"
  /\b(she|he|they)('s| is| are| will be) (away|out|on (vacation|holiday|pto|leave))\b.*\b(until|till|through|back|return)/,
  /\blimited (access to (my )?(e-?mail|email|messages)|e-?mail access)\b/,
  /\baway from (my desk|the office|email)\b/,
  /\b(spotty|patchy|intermittent|sporadic) (e-?mail|access|connectivity|connection)\b|\bback in (the )?office (on|from|tomorrow|next)\b/,
  /\bno access to (my )?e-?mail\b/,
  /\bi will (be )?(respond|reply|get back to you) (to your (e-?mail|message) )?(up)?on my return\b/,
  // de
  /\b(abwesenheitsnotiz|automatische antwort|abwesend|elternzeit|mutterschutz|dienstreise)\b/,
  /\bnicht im (buro|hause?)\b|\baußer haus\b|\bausser haus\b|\bim urlaub\b/,
  /\b(eingeschrankt|nicht) erreichbar\b/,
  /\bwieder (im buro|erreichbar|fur sie da|im haus)\b/,
  /\bkeinen zugriff auf (meine )?e-?mails\b/,
  // fr
  /\b(absente?s? (du bureau|du \d|jusqu)|reponse automatique|message d'absence)/,
  /\ben (conges?|vacances|deplacement)\b|\bconge (maternite|paternite|parental|maladie)\b/,
  /\bacces limite a (mes|ma|mon|la|ma boite)\b/,
  /\b(serai|suis) de retour\b/,
  // es
  /\b(fuera de la oficina|respuesta automatica|de vacaciones|ausente|de viaje)\b/,
  /\bde baja (por|de) (maternidad|paternidad|enfermedad)\b/,
  /\bacceso limitado al correo\b/,
  /\b(estare|estoy) de vuelta\b|\b(volvere|regresare) el\b|\ba mi regreso\b/,
  /\bsin acceso (al|a mi) (correo|e-?mail)\b|\bestoy fuera (hasta|de la)\b|\bno estoy en la oficina\b/,
  // closed for a move or a stocktake until a day ("El despacho permanece cerrado por traslado…
  // Reabrimos el lunes 30"), a few days off
  /\b(permanece cerrad[oa]|esta cerrad[oa]|e chius[oa]|est fermee?|esta encerrad[oa]|ist geschlossen|is gesloten|is closed)\b[^.!?]{0,40}\b(hasta|fino a|jusqu|ate|bis|tot|until|por|per|pour|para|wegen|vanwege|for)\b|\b(reabrimos|riapriamo|nous rouvrons|heropenen|we reopen)\b|\btaking (a few|some|two|three) days off\b|\be-?mails will be slow\b/,
  /\bestoy de licencia\b|\bme reincorporo (el|a partir)\b|\b(en este momento|actualmente) no me encuentro (disponible|en la oficina)\b/,
  // nl
  /\b(afwezig|afwezigheidsmelding|automatisch antwoord|niet op kantoor|beperkt bereikbaar)\b/,
  /\b(met|op) vakantie\b|\bmet (zwangerschaps|ouderschaps|zorg)?verlof\b/,
  /\bweer op kantoor\b|\bben (ik )?er weer\b|\bben ik (?:weer|terug) (?:aanwezig|bereikbaar|op kantoor)\b|\bweer aanwezig\b/,
  // it
  /\b(fuori (dall')?ufficio|risposta automatica|in ferie|assente|in trasferta)\b/,
  /\bin (maternita|malattia)\b|\baccesso limitato alla (posta|e-?mail)\b/,
  /\b(rientrero|al mio rientro|di nuovo in ufficio)\b/,
  /\bfuori sede\b|\bsenza accesso alla (posta|e-?mail)\b|\bnon sono in ufficio\b/,
  // pt
  /\b(fora do escritorio|resposta automatica|de ferias|ausente|viajando)\b/,
  /\blicenca[- ](maternidade|paternidade|medica|parental)\b|\bcongedo (parentale|di maternita|di paternita|per malattia)\b/,
  /\bacesso limitado ao (e-?mail|correio)\b/,
  /\bestarei de volta\b|\bretorno (na|no|em|dia) \w|\bquando voltar\b/,
  /\bestou fora (ate|do)\b|\bsem acesso ao (e-?mail|correio)\b/,
];
