import type { IntentLanguage } from './intent-language.js';

/**
 * How English replies ask, refuse, wonder and take back. Matched against
 * lower-cased sentences. English puts the modal before the verb, so a
 * mention's act is read in its clause before it ("we do not wish to |
 * cancel"), and what it acts on after it ("cancel | our call").
 */
export const EN: IntentLanguage = {
  headFinal: false,
  mentions: [
    [
      'stop',
      /\b(?:terminate|termination|discontinue|stop using|no longer (?:need|use|require)|(?:don't|do not) need (?:the|this|our|it)(?: \w+){0,3} any ?more|drop (?:the|this|our) (?:ssl |server )?cert(?:ificate)?|end (?:the|our) (?:contract|subscription))\b/,
    ],
    ['cancel', /\bcancel(?:l?ing|l?ed|l?ation|s)?\b/],
    ['retract', /\b(?:withdraw|retract|disregard|ignore)\b/],
    [
      'contact',
      /\b(?:contact(?: person)?|point of contact|person in charge)\b.{0,30}\b(?:chang|updat|replac|switch)|\b(?:chang|updat|replac|switch)\w*\s+(?:of\s+)?(?:the\s+|our\s+)?(?:\w+\s+)?(?:contact|person in charge)|\bnew contact\b|\b(?:new|successor)\s+(?:\w+\s+){0,2}(?:manager|representative|administrator|person in charge|lead)\b|\btak(?:e|es|ing) over (?:as|from)\b|\b(?:contact|reach|write to|e-?mail)\b.{0,100}\binstead of me\b|\bwill be (?:your|the) (?:new )?(?:contact|point of contact)\b/,
    ],
  ],

  // Before the mention, in its clause; outer operators (reported, if, not) win over the modal next to the verb.
  acts: [
    ['reported', /\b(?:asked|asks|wondered|wonders|suggested|suggests|said|says|told|tells|mentioned|recommended)\b/],
    ['conditional', /\b(?:if|in case|whether|were to|should we|should i|unless|in the event)\b/],
    ['negation', /\b(?:not|never|no need to|no intention|no plans?|rather than|instead of|without)\b|n't\b/],
    ['question', /\b(?:how|what|when|why|is it possible|can we|can i|could we|could i|do we|do i|would it)\b/],
    [
      'plan',
      /\b(?:considering|thinking (?:about|of)|might|may|planning to|plan to|possibly|perhaps|discuss(?:ing)?)\b/,
    ],
    [
      'request',
      /\b(?:please|pls|kindly|would like to|'d like to|want to|wants to|wish to|need to|have to|must|decided to|ask(?:ing)? you to|request(?:ing)?|could you|can you|would you|will you|go ahead and|proceed (?:with|to)|we will|we'll|i will|i'll|hereby|let's|like you to|writing to)\b/,
    ],
  ],

  conditionalHead: /\b(?:if|in case|should we|were we to|in the event)\b/,
  politeCondition: /\bif (?:possible|you could|you would|you can|convenient)\b/,
  reportedQuote: /^["”']\s*,?\s*(?:said|says|asked|told)\b/,
  otherObject:
    /^\s+(?:(?:our|the|my|this|that|a|an|tomorrow's|today's|\w+day's)\s+)?(?:\w+\s+){0,2}?(?:call|meeting|appointment|visit|session|demo|webinar|transfer|reservation|booking|interview|conference|trip|event|training)s?\b/,

  sentences: [
    [
      'withdrawal',
      /\b(?:disregard|ignore|withdraw|retract)\b[^.?!]{0,40}\b(?:previous|earlier|last|prior|my|our)\b[^.?!]{0,30}\b(?:e-?mail|mail|message|request|cancell?ation)/,
    ],
    [
      'withdrawal',
      /\b(?:withdraw|retract)\b[^.?!]{0,20}\b(?:request|cancell?ation)\b|\bcancel (?:my|our|the) cancell?ation|\b(?:do not|don't) (?:process|proceed with|go ahead with) (?:the|my|our) cancell?ation/,
    ],
    [
      'withdrawal',
      /\bno longer (?:want|wish|need) to cancel\b|\b(?:don't|do not) (?:want|wish|need) to cancel (?:any ?more|after all)\b|\bnever ?mind\b/,
    ],
    [
      'earlier-request',
      /\b(?:my|our) (?:previous|earlier|last|prior) (?:e-?mail|mail|message|request)|\b(?:i|we) (?:asked|requested|wrote)\b[^.?!]{0,20}\bcancel/,
    ],
    [
      'keep',
      /\bkeep(?:ing)? (?:it|the (?:ssl |server )?cert(?:ificate)?|using|our cert)|\b(?:continue|continuing) (?:to use|using)|\bas it is\b|\bstays? open\b/,
    ],
    [
      'change-of-mind',
      /\bchanged? (?:our|my) minds?\b|\bafter all\b|\bon second thought|\bscratch that\b|\breconsider(?:ed)?\b/,
    ],
    [
      'undecided',
      /\b(?:not|n't) (?:yet )?(?:made (?:a|any) (?:final )?decision|decided)|\bundecided\b|\bbefore (?:we|i) decide|\bno (?:final )?decision|\bstill (?:considering|discussing|thinking)\b/,
    ],
    [
      'draft',
      /\bbefore (?:i|we) (?:send|submit)\b|\b(?:this|the following) format\b|\bformat (?:would be |is )?(?:ok|okay|fine|correct)|\bfor example\b|\be\.g\.|\ba sample\b|\bdraft\b/,
    ],
    [
      'hold',
      /\b(?:do not|don't) (?:process|proceed|do|action|change) (?:anything|it|this|yet)\b|\bhold off\b|\bnot (?:process|proceed) (?:yet|for now)/,
    ],
    [
      'procedure-request',
      /\bwhat (?:do|should|would) (?:we|i) (?:need to )?do\b|\bplease (?:proceed|go ahead|process|handle|take care)|\blet (?:me|us) know (?:how|what|the (?:procedure|steps))/,
    ],
    ['fee-question', /\b(?:fee|fees|charge|charged|cost|costs|refund|bill|billed|price)\b[^.]*\?/],
  ],
};
